SELECT * FROM DeviceFileEvents WHERE FolderPath ILIKE '%\\NiniteDownloads\\%' ESCAPE '\'
