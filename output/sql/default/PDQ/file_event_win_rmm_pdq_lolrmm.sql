SELECT * FROM DeviceFileEvents WHERE FolderPath ILIKE '%\\ProgramData\\PDQ\\PDQConnectAgent\\PDQConnectAgent.db-journal' ESCAPE '\'
