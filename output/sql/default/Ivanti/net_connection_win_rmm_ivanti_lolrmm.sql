SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%ivanticloud.com%' ESCAPE '\'
