SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%activation.netreo.net%' ESCAPE '\' OR RemoteUrl ILIKE '%charon.netreo.net%' ESCAPE '\' OR RemoteUrl ILIKE '%netreo.com%' ESCAPE '\'
