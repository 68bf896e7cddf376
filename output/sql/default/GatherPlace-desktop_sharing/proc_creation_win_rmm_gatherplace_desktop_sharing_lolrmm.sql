SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\gp3.exe' ESCAPE '\' OR FolderPath ILIKE '%\\gp4.exe' ESCAPE '\' OR FolderPath ILIKE '%\\gp5.exe' ESCAPE '\'
