SELECT * FROM DeviceFileEvents WHERE FolderPath ILIKE '%\\Program Files\\bsag\\bma\\bma.exe' ESCAPE '\'
