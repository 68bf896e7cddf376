SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\ctiserv.exe' ESCAPE '\'
