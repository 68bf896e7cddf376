SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\rfusclient.exe' ESCAPE '\' OR FolderPath ILIKE '%\\rutserv.exe' ESCAPE '\'
