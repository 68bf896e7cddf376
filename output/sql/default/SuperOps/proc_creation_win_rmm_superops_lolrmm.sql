SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\superops.exe' ESCAPE '\' OR FolderPath ILIKE '%\\superopsticket.exe' ESCAPE '\'
