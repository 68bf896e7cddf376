SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\hsloader.exe' ESCAPE '\' OR FolderPath ILIKE '%\\ihcserver.exe' ESCAPE '\' OR FolderPath ILIKE '%\\instanthousecall.exe' ESCAPE '\'
