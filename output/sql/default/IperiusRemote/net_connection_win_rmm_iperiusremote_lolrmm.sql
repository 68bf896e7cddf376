SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%iperiusremote.com%' ESCAPE '\'
