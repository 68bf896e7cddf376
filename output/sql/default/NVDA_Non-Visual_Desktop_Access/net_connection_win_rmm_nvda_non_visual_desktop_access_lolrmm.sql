SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%nvaccess.org%' ESCAPE '\'
