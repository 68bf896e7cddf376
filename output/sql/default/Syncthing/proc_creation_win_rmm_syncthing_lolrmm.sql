SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\AppData\\Roaming\\SyncTrayzor\\%' ESCAPE '\' OR FolderPath ILIKE '%\\Syncthing.exe' ESCAPE '\'
