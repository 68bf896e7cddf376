SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%localxpose.io%' ESCAPE '\'
