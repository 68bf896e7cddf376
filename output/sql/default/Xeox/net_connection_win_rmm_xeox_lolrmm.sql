SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%xeox.com%' ESCAPE '\'
