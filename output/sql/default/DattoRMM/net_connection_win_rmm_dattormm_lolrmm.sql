SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%cc.centrastage.net%' ESCAPE '\'
