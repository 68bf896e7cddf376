SELECT * FROM DeviceFileEvents WHERE FolderPath ILIKE '%\\Alpemix\\Alpemix.ini' ESCAPE '\'
