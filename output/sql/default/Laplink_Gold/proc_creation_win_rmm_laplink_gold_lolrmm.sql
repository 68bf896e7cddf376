SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\laplink.exe' ESCAPE '\' OR FolderPath ILIKE '%\\tsircusr.exe' ESCAPE '\'
