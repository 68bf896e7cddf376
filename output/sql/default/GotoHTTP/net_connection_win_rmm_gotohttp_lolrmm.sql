SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%gotohttp.com%' ESCAPE '\'
