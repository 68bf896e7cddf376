SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%domotz.co%' ESCAPE '\' OR RemoteUrl ILIKE '%domotz.com%' ESCAPE '\'
