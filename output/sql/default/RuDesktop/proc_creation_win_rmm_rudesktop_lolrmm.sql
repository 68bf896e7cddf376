SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\rudesktop%' ESCAPE '\' OR FolderPath ILIKE '%\\rd.exe' ESCAPE '\'
