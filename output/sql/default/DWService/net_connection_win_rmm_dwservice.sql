SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%dwservice.net%' ESCAPE '\'
