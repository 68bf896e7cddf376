SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\NTRsupportPro\_EN.exe' ESCAPE '\'
