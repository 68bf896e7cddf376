SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\winvnc4.exe' ESCAPE '\'
