SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%ultravnc.com%' ESCAPE '\'
