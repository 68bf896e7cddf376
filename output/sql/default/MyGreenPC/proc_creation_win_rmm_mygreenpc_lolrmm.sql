SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\mygreenpc.exe' ESCAPE '\'
