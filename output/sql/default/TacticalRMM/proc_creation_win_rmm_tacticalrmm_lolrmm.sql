SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\tacticalrmm.exe' ESCAPE '\'
