SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%alpemix.com%' ESCAPE '\' OR RemoteUrl ILIKE '%teknopars.com%' ESCAPE '\'
