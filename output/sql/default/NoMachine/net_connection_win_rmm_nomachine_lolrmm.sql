SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%nomachine.com%' ESCAPE '\'
