SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\sunlogin%' ESCAPE '\' OR (FolderPath ILIKE '%\\OrayRemoteService.exe' ESCAPE '\' OR FolderPath ILIKE '%\\OrayRemoteShell.exe' ESCAPE '\')
