SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%level.io%' ESCAPE '\'
