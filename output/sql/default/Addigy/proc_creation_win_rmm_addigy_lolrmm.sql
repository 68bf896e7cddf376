SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\addigy-%' ESCAPE '\'
