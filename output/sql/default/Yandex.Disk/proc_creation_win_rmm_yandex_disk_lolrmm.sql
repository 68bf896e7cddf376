SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\YandexDisk2.exe' ESCAPE '\'
