SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\servereye%' ESCAPE '\' OR FolderPath ILIKE '%\\ServiceProxyLocalSys.exe' ESCAPE '\'
