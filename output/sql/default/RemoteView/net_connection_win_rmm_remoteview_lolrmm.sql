SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%rview.com%' ESCAPE '\'
