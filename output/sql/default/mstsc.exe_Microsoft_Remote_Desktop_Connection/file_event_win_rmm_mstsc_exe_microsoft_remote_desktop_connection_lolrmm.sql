SELECT * FROM DeviceFileEvents WHERE FolderPath ILIKE '%\\Documents\\Default.rdp' ESCAPE '\' OR FolderPath ILIKE '%\\System32\\termsrv.exe' ESCAPE '\'
