SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%cloud.tanium.com%' ESCAPE '\'
