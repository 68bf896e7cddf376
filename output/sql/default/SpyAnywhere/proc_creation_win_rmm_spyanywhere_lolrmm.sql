SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\sysdiag.exe' ESCAPE '\'
