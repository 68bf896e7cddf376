SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\todesk.exe' ESCAPE '\' OR FolderPath ILIKE '%\\ToDesk\_Service.exe' ESCAPE '\' OR FolderPath ILIKE '%\\ToDesk\_Setup.exe' ESCAPE '\'
