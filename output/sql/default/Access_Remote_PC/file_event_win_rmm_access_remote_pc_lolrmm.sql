SELECT * FROM DeviceFileEvents WHERE FolderPath ILIKE '%\\Program Files (x86)\\RemotePC\\%' ESCAPE '\' OR FolderPath ILIKE '%\\Program Files (x86)\\RemotePC\\RemotePCUIU.exe' ESCAPE '\'
