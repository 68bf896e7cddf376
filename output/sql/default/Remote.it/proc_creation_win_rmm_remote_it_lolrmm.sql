SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\remote-it-installer.exe' ESCAPE '\' OR FolderPath ILIKE '%\\remote.it.exe' ESCAPE '\' OR FolderPath ILIKE '%\\remoteit.exe' ESCAPE '\'
