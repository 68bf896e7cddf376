SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%pitunnel.com%' ESCAPE '\'
