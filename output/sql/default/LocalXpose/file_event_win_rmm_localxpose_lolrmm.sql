SELECT * FROM DeviceFileEvents WHERE FolderPath ILIKE '%\\loclx\\config.yaml' ESCAPE '\'
