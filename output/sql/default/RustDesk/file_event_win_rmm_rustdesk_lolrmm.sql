SELECT * FROM DeviceFileEvents WHERE FolderPath ILIKE '%\\Windows\\ServiceProfiles\\LocalService\\AppData\\Roaming\\RustDesk\\%' ESCAPE '\'
