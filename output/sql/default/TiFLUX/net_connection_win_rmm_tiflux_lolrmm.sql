SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%tiflux.com%' ESCAPE '\'
