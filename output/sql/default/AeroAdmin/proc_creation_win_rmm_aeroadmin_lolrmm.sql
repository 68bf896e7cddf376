SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\aeroadmin.exe' ESCAPE '\'
