SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\ManageEngine\\%' ESCAPE '\' OR FolderPath ILIKE '%\\Program Files\\ManageEngine\\ManageEngine Free Tools\\Launcher\\%' ESCAPE '\'
