SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\ExtraPuTTY-0.30-2016-01-28-installer.exe' ESCAPE '\'
