SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%acronis.com%' ESCAPE '\' OR RemoteUrl ILIKE '%gw.remotix.com%' ESCAPE '\'
