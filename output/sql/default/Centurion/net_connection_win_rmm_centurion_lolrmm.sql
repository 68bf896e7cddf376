SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%centuriontech.com%' ESCAPE '\'
