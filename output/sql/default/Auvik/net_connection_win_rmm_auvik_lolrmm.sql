SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%auvik.com%' ESCAPE '\'
