SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\PCMonitorManager.exe' ESCAPE '\' OR FolderPath ILIKE '%\\pcmonitorsrv.exe' ESCAPE '\'
