SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\TightVNCViewerPortable%' ESCAPE '\' OR (FolderPath ILIKE '%\\tvnserver.exe' ESCAPE '\' OR FolderPath ILIKE '%\\tvnviewer.exe' ESCAPE '\')
