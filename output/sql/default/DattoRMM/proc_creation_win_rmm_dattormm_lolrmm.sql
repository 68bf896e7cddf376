SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\AEMAgent.exe' ESCAPE '\' OR FolderPath ILIKE '%\\CagService.exe' ESCAPE '\'
