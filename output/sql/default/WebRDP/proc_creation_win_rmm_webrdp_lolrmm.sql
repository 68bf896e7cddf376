SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\webrdp.exe' ESCAPE '\'
