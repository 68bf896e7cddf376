SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\Pilixo\_Installer%' ESCAPE '\'
