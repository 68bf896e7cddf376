SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\pocketcloud%' ESCAPE '\' OR FolderPath ILIKE '%\\pocketcloudservice.exe' ESCAPE '\'
