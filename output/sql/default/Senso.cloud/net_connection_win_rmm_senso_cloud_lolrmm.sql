SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%senso.cloud%' ESCAPE '\'
