SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\mwcliun.exe' ESCAPE '\' OR FolderPath ILIKE '%\\pcnmgr.exe' ESCAPE '\' OR FolderPath ILIKE '%\\webexpcnow.exe' ESCAPE '\'
