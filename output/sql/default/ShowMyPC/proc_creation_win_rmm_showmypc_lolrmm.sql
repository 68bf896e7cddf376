SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\showmypc.exe' ESCAPE '\' OR FolderPath ILIKE '%\\SMPCSetup.exe' ESCAPE '\'
