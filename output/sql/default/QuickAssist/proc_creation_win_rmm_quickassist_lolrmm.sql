SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\quickassist.exe' ESCAPE '\'
