SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%barracudamsp.com%' ESCAPE '\'
