SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%teramind.co%' ESCAPE '\'
