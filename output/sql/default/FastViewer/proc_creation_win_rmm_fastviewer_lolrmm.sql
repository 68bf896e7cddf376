SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\fastclient.exe' ESCAPE '\' OR FolderPath ILIKE '%\\fastmaster.exe' ESCAPE '\' OR FolderPath ILIKE '%\\FastViewer.exe' ESCAPE '\'
