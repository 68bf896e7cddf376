SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%dataplicity.com%' ESCAPE '\'
