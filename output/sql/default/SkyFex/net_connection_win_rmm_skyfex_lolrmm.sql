SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%deskroll.com%' ESCAPE '\' OR RemoteUrl ILIKE '%skyfex.com%' ESCAPE '\'
