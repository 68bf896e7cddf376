SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\tsircusr.exe' ESCAPE '\'
