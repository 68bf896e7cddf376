SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%mygreenpc.com%' ESCAPE '\'
