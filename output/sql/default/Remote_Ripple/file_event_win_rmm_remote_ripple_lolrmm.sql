SELECT * FROM DeviceFileEvents WHERE FolderPath ILIKE '%\\GlavSoft\\RemoteRipple\\%' ESCAPE '\' OR FolderPath ILIKE '%\\Remote\_Ripple\_%' ESCAPE '\'
