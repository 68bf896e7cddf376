SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\nateon%' ESCAPE '\' OR (FolderPath ILIKE '%\\nateon.exe' ESCAPE '\' OR FolderPath ILIKE '%\\nateonmain.exe' ESCAPE '\')
