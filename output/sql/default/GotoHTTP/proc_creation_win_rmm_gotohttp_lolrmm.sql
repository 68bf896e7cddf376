SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\GotoHTTP%' ESCAPE '\' OR (FolderPath ILIKE '%\\gotohttp.exe' ESCAPE '\' OR FolderPath ILIKE '%\\GotoHTTP\_x64.exe' ESCAPE '\')
