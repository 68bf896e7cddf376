SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\konea.exe' ESCAPE '\'
