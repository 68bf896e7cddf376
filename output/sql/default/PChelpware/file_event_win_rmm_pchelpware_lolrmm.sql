SELECT * FROM DeviceFileEvents WHERE FolderPath ILIKE '%\\temp\_phw' ESCAPE '\'
