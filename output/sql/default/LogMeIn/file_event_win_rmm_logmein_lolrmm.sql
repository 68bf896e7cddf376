SELECT * FROM DeviceFileEvents WHERE FolderPath ILIKE '%\\GoTo\\Logs\\goto.log' ESCAPE '\' OR FolderPath ILIKE '%\\GoToMeeting\\G2M.exe' ESCAPE '\'
