SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\qqpcmgr.exe' ESCAPE '\' OR FolderPath ILIKE '%\\QQProtect.exe' ESCAPE '\'
