SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%seetrol.co.kr%' ESCAPE '\'
