SELECT * FROM DeviceFileEvents WHERE FolderPath ILIKE '%\\Program Files\\ManageEngine\\ServiceDesk\\%' ESCAPE '\' OR FolderPath ILIKE '%}\\ManageEngine\_ServiceDesk\_Plus.exe' ESCAPE '\'
