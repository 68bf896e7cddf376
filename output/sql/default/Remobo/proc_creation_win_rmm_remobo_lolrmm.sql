SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\remobo.exe' ESCAPE '\' OR FolderPath ILIKE '%\\remobo\_client.exe' ESCAPE '\' OR FolderPath ILIKE '%\\remobo\_tracker.exe' ESCAPE '\'
