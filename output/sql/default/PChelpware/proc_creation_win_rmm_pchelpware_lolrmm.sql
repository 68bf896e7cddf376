SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\PcHelpWare\_viewer.exe' ESCAPE '\'
