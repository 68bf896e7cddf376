SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%kickidler.com%' ESCAPE '\'
