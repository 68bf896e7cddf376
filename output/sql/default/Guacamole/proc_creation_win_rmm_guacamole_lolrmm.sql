SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\guacd.exe' ESCAPE '\'
