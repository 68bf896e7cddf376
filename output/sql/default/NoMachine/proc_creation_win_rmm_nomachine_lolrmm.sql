SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\nomachine%' ESCAPE '\' OR FolderPath ILIKE '%\\nxservice%' ESCAPE '\'
