SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\oolocker.exe' ESCAPE '\' OR FolderPath ILIKE '%\\oosyspectr.exe' ESCAPE '\' OR FolderPath ILIKE '%\\syspectr.exe' ESCAPE '\'
