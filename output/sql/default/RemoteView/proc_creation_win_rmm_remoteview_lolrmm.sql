SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\remoteview.exe' ESCAPE '\' OR FolderPath ILIKE '%\\rvagent.exe' ESCAPE '\' OR FolderPath ILIKE '%\\rvagtray.exe' ESCAPE '\'
