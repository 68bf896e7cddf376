SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%search.namequery.com%' ESCAPE '\' OR RemoteUrl ILIKE '%server.absolute.com%' ESCAPE '\'
