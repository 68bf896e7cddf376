SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%radmin.com%' ESCAPE '\'
