SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\dcagentregister.exe' ESCAPE '\' OR FolderPath ILIKE '%\\dcagentservice.exe' ESCAPE '\'
