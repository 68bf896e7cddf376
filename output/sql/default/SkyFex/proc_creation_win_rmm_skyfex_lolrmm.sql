SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\Deskroll.exe' ESCAPE '\' OR FolderPath ILIKE '%\\DeskRollUA.exe' ESCAPE '\'
