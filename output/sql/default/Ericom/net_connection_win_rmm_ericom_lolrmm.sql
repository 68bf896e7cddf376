SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%ericom.com%' ESCAPE '\'
