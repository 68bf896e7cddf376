SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%superops.ai%' ESCAPE '\' OR RemoteUrl ILIKE '%superopsalpha.com%' ESCAPE '\' OR RemoteUrl ILIKE '%superopsbeta.com%' ESCAPE '\'
