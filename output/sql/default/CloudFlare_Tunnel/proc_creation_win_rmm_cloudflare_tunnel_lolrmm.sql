SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\cloudflared.exe' ESCAPE '\'
