SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%tmate.io%' ESCAPE '\'
