SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%remote.it%' ESCAPE '\'
