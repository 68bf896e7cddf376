SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%remotepulse.io%' ESCAPE '\'
