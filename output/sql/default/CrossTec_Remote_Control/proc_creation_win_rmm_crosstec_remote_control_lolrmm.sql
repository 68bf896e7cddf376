SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\PCIVIDEO.EXE' ESCAPE '\'
