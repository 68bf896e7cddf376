SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%one.comodo.com%' ESCAPE '\'
