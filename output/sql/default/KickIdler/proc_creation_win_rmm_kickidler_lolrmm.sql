SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\grabberEM.%' ESCAPE '\'
