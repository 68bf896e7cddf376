SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%instanthousecall.com%' ESCAPE '\' OR RemoteUrl ILIKE '%instanthousecall.net%' ESCAPE '\'
