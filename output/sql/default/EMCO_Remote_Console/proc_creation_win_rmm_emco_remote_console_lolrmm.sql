SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\remoteconsole.exe' ESCAPE '\'
