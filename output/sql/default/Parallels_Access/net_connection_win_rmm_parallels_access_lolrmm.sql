SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%parallels.com%' ESCAPE '\'
