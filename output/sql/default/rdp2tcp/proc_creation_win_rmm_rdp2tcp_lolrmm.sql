SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\tdp2tcp.exe' ESCAPE '\'
