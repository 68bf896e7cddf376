SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\psexec.exe' ESCAPE '\' OR FolderPath ILIKE '%\\psexec64.exe' ESCAPE '\' OR FolderPath ILIKE '%\\psexecsvc.exe' ESCAPE '\'
