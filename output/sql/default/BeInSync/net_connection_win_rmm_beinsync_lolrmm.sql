SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%beinsync.com%' ESCAPE '\' OR RemoteUrl ILIKE '%beinsync.net%' ESCAPE '\'
