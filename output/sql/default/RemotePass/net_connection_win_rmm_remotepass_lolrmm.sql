SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%remotepass.com%' ESCAPE '\'
