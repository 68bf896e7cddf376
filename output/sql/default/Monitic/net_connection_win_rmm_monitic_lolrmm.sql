SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%monitic.com%' ESCAPE '\'
