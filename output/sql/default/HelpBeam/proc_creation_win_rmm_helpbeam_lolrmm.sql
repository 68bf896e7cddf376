SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\helpbeam%' ESCAPE '\'
