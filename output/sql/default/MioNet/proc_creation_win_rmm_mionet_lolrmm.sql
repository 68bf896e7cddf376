SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\mionet.exe' ESCAPE '\' OR FolderPath ILIKE '%\\mionetmanager.exe' ESCAPE '\'
