SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%gatherplace.com%' ESCAPE '\' OR RemoteUrl ILIKE '%gatherplace.net%' ESCAPE '\'
