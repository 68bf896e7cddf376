SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\clientmrinit.exe' ESCAPE '\' OR FolderPath ILIKE '%\\mgntsvc.exe' ESCAPE '\' OR FolderPath ILIKE '%\\routernt.exe' ESCAPE '\'
