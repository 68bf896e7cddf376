SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\ddsystem.exe' ESCAPE '\' OR FolderPath ILIKE '%\\distant-desktop.exe' ESCAPE '\'
