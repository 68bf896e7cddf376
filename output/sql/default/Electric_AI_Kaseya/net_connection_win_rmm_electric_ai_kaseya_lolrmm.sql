SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%electric.ai%' ESCAPE '\'
