SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\dcagentregister.exe' ESCAPE '\'
