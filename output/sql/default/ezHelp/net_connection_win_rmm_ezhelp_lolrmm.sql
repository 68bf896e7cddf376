SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%ezhelp.co.kr%' ESCAPE '\'
