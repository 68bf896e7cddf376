SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\alitask.exe' ESCAPE '\'
