SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\royalserver.exe' ESCAPE '\' OR FolderPath ILIKE '%\\royalts.exe' ESCAPE '\'
