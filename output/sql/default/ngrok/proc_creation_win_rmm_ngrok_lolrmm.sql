SELECT * FROM DeviceProcessEvents WHERE (FolderPath ILIKE '%\\ngrok.zip\\%' ESCAPE '\' OR FolderPath ILIKE '%\\ngrok\\%' ESCAPE '\') OR FolderPath ILIKE '%\\ngrok.exe' ESCAPE '\'
