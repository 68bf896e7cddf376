SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\zerotier%' ESCAPE '\' OR FolderPath ILIKE '%\\zero-powershell.exe' ESCAPE '\'
