SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%remobo.en.softonic.com%' ESCAPE '\'
