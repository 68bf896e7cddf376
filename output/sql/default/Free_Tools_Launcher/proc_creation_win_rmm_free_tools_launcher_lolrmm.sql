SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\Program Files\\ManageEngine\\ManageEngine Free Tools\\Launcher\\%' ESCAPE '\'
