SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\pocketcloud%' ESCAPE '\'
