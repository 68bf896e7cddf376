SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%rport.io%' ESCAPE '\'
