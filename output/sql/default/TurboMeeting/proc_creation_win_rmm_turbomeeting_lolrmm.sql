SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\pcstarter.exe' ESCAPE '\' OR FolderPath ILIKE '%\\turbomeeting.exe' ESCAPE '\' OR FolderPath ILIKE '%\\turbomeetingstarter.exe' ESCAPE '\'
