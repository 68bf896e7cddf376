SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\Program Files\\Parsec\\%' ESCAPE '\' OR (FolderPath ILIKE '%\\parsecd.exe' ESCAPE '\' OR FolderPath ILIKE '%\\pservice.exe' ESCAPE '\')
