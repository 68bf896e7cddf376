SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\putty.exe' ESCAPE '\'
