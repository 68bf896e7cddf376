SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%todesk.com%' ESCAPE '\'
