SELECT * FROM DeviceFileEvents WHERE FolderPath ILIKE '%\\JWrapper-SimpleSetup\\' ESCAPE '\' OR FolderPath ILIKE '%\\ProgramData\\JWrapper-Remote Access\\' ESCAPE '\'
