SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%tele-desk.com%' ESCAPE '\'
