SELECT * FROM DeviceFileEvents WHERE FolderPath ILIKE '%\\System32\\termsrv.exe' ESCAPE '\'
