SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\apc\_host.exe' ESCAPE '\'
