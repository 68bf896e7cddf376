SELECT * FROM DeviceFileEvents WHERE FolderPath ILIKE '%\\AA\_v3.log' ESCAPE '\' OR FolderPath ILIKE '%\\AMMYY\\access.log' ESCAPE '\'
