SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\remmon.exe' ESCAPE '\'
