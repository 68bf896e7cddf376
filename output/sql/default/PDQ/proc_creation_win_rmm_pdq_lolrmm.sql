SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\pdq-connect%' ESCAPE '\'
