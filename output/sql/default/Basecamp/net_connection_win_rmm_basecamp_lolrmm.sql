SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%basecamp.com%' ESCAPE '\'
