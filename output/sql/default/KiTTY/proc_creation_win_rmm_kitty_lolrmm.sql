SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\kitty.exe' ESCAPE '\'
