SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\ocsinventory.exe' ESCAPE '\' OR FolderPath ILIKE '%\\ocsservice.exe' ESCAPE '\'
