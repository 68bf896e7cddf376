SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\RDPCheck.exe' ESCAPE '\' OR FolderPath ILIKE '%\\RDPConf.exe' ESCAPE '\' OR FolderPath ILIKE '%\\RDPWInst.exe' ESCAPE '\'
