SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%emcosoftware.com%' ESCAPE '\'
