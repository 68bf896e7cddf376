SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%ntrsupport.com%' ESCAPE '\'
