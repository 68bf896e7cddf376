SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%invgate.com%' ESCAPE '\' OR RemoteUrl ILIKE '%invgate.net%' ESCAPE '\'
