SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%soti.net%' ESCAPE '\'
