SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\RDConsole.exe' ESCAPE '\' OR FolderPath ILIKE '%\\RocketRemoteDesktop\_Setup.exe' ESCAPE '\'
