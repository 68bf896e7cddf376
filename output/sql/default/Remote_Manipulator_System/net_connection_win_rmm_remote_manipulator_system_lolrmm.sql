SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%rmansys.ru%' ESCAPE '\'
