SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\remcos%' ESCAPE '\'
