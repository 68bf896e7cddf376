SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\myivomanager.exe' ESCAPE '\' OR FolderPath ILIKE '%\\myivomgr.exe' ESCAPE '\'
