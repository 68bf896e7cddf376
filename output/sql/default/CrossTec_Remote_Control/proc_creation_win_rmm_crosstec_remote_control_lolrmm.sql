SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\PCIVIDEO.EXE' ESCAPE '\' OR FolderPath ILIKE '%\\supporttool.exe' ESCAPE '\'
