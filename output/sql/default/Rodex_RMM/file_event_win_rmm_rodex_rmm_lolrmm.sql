SELECT * FROM DeviceFileEvents WHERE FolderPath ILIKE '%\\Windows\\<random-6-9-char>.exe' ESCAPE '\'
