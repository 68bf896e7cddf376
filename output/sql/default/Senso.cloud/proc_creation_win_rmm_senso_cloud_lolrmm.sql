SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\aadg.exe' ESCAPE '\' OR FolderPath ILIKE '%\\SensoClient.exe' ESCAPE '\' OR FolderPath ILIKE '%\\SensoService.exe' ESCAPE '\'
