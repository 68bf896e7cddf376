SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%support.services.microsoft.com%' ESCAPE '\'
