SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%goverlan.com%' ESCAPE '\'
