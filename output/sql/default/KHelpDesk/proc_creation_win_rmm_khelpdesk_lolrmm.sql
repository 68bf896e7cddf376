SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\KHelpDesk.exe' ESCAPE '\'
