SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\Beinsync%' ESCAPE '\'
