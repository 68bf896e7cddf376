SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\aweray\_remote%' ESCAPE '\' OR FolderPath ILIKE '%\\AweSun.exe' ESCAPE '\'
