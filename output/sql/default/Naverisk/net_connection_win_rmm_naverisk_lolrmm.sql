SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%naverisk.com%' ESCAPE '\'
