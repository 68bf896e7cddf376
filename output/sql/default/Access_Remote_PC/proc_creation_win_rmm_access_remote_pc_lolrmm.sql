SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\Program Files (x86)\\RemotePC\\%' ESCAPE '\'
