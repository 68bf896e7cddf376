SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%fortra.com%' ESCAPE '\'
