SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\pocketcontroller.exe' ESCAPE '\' OR FolderPath ILIKE '%\\wysebrowser.exe' ESCAPE '\' OR FolderPath ILIKE '%\\XSightService.exe' ESCAPE '\'
