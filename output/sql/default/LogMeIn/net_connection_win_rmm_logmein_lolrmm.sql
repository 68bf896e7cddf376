SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%logmein.com%' ESCAPE '\' OR RemoteUrl ILIKE '%logmein.eu%' ESCAPE '\'
