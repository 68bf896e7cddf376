SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\DSGuest.exe' ESCAPE '\' OR FolderPath ILIKE '%\\TeamTaskManager.exe' ESCAPE '\'
