SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\Pilixo\_Installer%' ESCAPE '\' OR FolderPath ILIKE '%\\rdp.exe' ESCAPE '\'
