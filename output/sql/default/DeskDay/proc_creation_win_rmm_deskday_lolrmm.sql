SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\ultimate\_%' ESCAPE '\'
