SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%ehorus.com%' ESCAPE '\'
