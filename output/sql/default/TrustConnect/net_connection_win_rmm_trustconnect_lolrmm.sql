SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%networkservice.cyou%' ESCAPE '\' OR RemoteUrl ILIKE '%trustconnectsoftware.com%' ESCAPE '\'
