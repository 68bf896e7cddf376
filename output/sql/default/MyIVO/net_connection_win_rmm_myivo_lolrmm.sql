SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%myivo-server.software.informer.com%' ESCAPE '\'
