SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\Sorillus-Launcher%' ESCAPE '\' OR FolderPath ILIKE '%\\Sorillus Launcher.exe' ESCAPE '\'
