SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%kace.com%' ESCAPE '\'
