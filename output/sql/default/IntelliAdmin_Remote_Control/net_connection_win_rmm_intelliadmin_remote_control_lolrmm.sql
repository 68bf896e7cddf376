SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%intelliadmin.com%' ESCAPE '\'
