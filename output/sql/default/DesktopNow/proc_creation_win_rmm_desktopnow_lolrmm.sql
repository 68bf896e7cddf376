SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\desktopnow.exe' ESCAPE '\'
