SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\RDCMan-x86.exe' ESCAPE '\' OR FolderPath ILIKE '%\\RDCMan.exe' ESCAPE '\'
