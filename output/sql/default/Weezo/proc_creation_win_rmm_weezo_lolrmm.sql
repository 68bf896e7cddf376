SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\weezo setup%' ESCAPE '\' OR (FolderPath ILIKE '%\\weezo.exe' ESCAPE '\' OR FolderPath ILIKE '%\\weezohttpd.exe' ESCAPE '\')
