SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\qq.exe' ESCAPE '\' OR FolderPath ILIKE '%\\qqpcmgr.exe' ESCAPE '\' OR FolderPath ILIKE '%\\QQProtect.exe' ESCAPE '\'
