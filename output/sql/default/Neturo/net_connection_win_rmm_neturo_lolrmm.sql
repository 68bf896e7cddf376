SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%neturo.uplus.co.kr%' ESCAPE '\'
