SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%zerotier.com%' ESCAPE '\'
