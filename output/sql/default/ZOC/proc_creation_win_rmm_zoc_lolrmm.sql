SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\Program Files\\ZOC8\\%' ESCAPE '\'
