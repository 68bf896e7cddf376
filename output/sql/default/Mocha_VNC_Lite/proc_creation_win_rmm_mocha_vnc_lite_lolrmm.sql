SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\RealVNC\\VNC4\\%' ESCAPE '\'
