SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%sorillus.com%' ESCAPE '\'
