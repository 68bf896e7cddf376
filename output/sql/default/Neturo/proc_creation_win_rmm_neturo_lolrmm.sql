SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\neturo%' ESCAPE '\' OR (FolderPath ILIKE '%\\neturo.exe' ESCAPE '\' OR FolderPath ILIKE '%\\ntrntservice.exe' ESCAPE '\')
