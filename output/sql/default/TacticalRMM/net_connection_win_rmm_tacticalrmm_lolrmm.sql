SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%docs.tacticalrmm.com%' ESCAPE '\'
