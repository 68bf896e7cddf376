SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%netsupportmanager.com%' ESCAPE '\'
