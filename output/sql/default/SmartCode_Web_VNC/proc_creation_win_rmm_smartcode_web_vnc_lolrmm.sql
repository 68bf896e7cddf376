SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\Program Files\\TightVNC\\%' ESCAPE '\' OR FolderPath ILIKE '%\\TightVNC\\%' ESCAPE '\'
