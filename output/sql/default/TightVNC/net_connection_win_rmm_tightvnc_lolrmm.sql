SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%tightvnc.com%' ESCAPE '\'
