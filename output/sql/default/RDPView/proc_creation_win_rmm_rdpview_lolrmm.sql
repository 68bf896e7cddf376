SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\dwrcs.exe' ESCAPE '\'
