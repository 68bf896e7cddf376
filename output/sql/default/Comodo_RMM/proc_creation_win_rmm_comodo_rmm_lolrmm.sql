SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\itsmagent.exe' ESCAPE '\' OR FolderPath ILIKE '%\\rviewer.exe' ESCAPE '\'
