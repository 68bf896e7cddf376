SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\VanDyke Software\\ClientPack\\%' ESCAPE '\' OR FolderPath ILIKE '%\\SecureCRT.EXE' ESCAPE '\'
