SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%api.remsupp.com%' ESCAPE '\' OR RemoteUrl ILIKE '%download.remsupp.com%' ESCAPE '\'
