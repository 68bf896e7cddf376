SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%donkz.nl%' ESCAPE '\'
