SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%deskday.ai%' ESCAPE '\'
