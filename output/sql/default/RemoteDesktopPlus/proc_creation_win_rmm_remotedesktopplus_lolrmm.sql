SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\rdp.exe' ESCAPE '\'
