SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\iperius.exe' ESCAPE '\' OR FolderPath ILIKE '%\\iperiusremote.exe' ESCAPE '\'
