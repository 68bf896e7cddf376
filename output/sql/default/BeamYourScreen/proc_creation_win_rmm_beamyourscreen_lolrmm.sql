SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\beamyourscreen-host.exe' ESCAPE '\' OR FolderPath ILIKE '%\\beamyourscreen.exe' ESCAPE '\'
