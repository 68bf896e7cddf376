SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%islonline.com%' ESCAPE '\'
