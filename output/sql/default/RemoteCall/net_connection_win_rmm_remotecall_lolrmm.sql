SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%remotecall.com%' ESCAPE '\' OR RemoteUrl ILIKE '%startsupport.com%' ESCAPE '\'
