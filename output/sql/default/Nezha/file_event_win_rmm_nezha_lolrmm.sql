SELECT * FROM DeviceFileEvents WHERE FolderPath ILIKE '%\\nezha\\config.yml' ESCAPE '\' OR FolderPath ILIKE '%\\nezha\\nezha-agent.exe' ESCAPE '\'
