SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\rudesktop%' ESCAPE '\'
