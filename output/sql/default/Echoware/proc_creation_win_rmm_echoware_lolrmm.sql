SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\echoserver%' ESCAPE '\'
