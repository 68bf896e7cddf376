SELECT * FROM DeviceFileEvents WHERE FolderPath ILIKE '%\\RdClient\\%' ESCAPE '\'
