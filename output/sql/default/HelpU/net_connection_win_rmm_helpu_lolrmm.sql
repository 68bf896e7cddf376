SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%helpu.co.kr%' ESCAPE '\'
