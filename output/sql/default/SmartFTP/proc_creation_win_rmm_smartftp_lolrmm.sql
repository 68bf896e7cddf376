SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\Program Files (x86)\\SmartFTP Client\\en-US\\%' ESCAPE '\' OR FolderPath ILIKE '%\\SmartFTP Client\\%' ESCAPE '\'
