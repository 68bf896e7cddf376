SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%internetid.ru%' ESCAPE '\' OR RemoteUrl ILIKE '%rmansys.ru%' ESCAPE '\'
