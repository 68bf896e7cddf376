SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\Duplicati.Server.exe' ESCAPE '\'
