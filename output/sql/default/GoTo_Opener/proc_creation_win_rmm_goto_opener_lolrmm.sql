SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\GoTo Opener\\%' ESCAPE '\' OR FolderPath ILIKE '%\\Program Files (x86)\\GoTo Opener\\%' ESCAPE '\'
