SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\dwagent.exe' ESCAPE '\' OR FolderPath ILIKE '%\\dwaglnc.exe' ESCAPE '\' OR FolderPath ILIKE '%\\dwagsvc.exe' ESCAPE '\'
