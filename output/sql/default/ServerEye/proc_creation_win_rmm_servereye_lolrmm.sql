SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\ServiceProxyLocalSys.exe' ESCAPE '\'
