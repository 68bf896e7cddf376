SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%cloudbackup.management%' ESCAPE '\'
