SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%bluetrait.io%' ESCAPE '\'
