SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%everywhere.laplink.com%' ESCAPE '\' OR RemoteUrl ILIKE '%le.laplink.com%' ESCAPE '\'
