SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\Program Files\\RealVNC\\VNC Server\\%' ESCAPE '\' OR FolderPath ILIKE '%\\RealVNC\\VNC Server\\%' ESCAPE '\'
