SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\Mobatek\\MobaXterm\\%' ESCAPE '\'
