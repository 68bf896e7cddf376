SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\ManualLauncher.exe' ESCAPE '\'
