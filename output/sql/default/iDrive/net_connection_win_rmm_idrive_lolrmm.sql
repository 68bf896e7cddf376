SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%idrive.com%' ESCAPE '\'
