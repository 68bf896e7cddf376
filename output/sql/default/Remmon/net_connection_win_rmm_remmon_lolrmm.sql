SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%remmon.hu%' ESCAPE '\'
