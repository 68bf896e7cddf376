SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\nxplayer.exe' ESCAPE '\'
