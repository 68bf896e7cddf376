SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%zohoassist.jp%' ESCAPE '\'
