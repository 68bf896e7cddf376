SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%royalapps.com%' ESCAPE '\'
