SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%ninite.com%' ESCAPE '\'
