SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%encapto.com%' ESCAPE '\'
