SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\I''m InTouch Go Installer.exe' ESCAPE '\' OR FolderPath ILIKE '%\\intouch.exe' ESCAPE '\'
