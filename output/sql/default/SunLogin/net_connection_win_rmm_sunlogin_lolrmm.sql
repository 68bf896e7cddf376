SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%client.oray.net%' ESCAPE '\' OR RemoteUrl ILIKE '%sunlogin.oray.com%' ESCAPE '\'
