SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\p9agent%' ESCAPE '\'
