SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%immy.bot%' ESCAPE '\'
