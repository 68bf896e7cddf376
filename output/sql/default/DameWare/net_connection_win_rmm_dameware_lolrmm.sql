SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%dameware.com%' ESCAPE '\'
