SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\rport.exe' ESCAPE '\'
