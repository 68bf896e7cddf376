SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\remotepass-access.exe' ESCAPE '\' OR FolderPath ILIKE '%\\rpaccess.exe' ESCAPE '\' OR FolderPath ILIKE '%\\rpwhostscr.exe' ESCAPE '\'
