SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\puttytray.exe' ESCAPE '\'
