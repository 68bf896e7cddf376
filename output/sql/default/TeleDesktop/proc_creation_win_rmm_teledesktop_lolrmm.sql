SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\pstlaunch.exe' ESCAPE '\' OR FolderPath ILIKE '%\\ptdskclient.exe' ESCAPE '\' OR FolderPath ILIKE '%\\ptdskhost.exe' ESCAPE '\'
