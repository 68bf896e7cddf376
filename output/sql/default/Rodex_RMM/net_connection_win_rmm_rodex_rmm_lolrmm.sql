SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%rodex.cc%' ESCAPE '\'
