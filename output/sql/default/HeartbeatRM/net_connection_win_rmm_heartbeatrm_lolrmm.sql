SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%heartbeatrm.com%' ESCAPE '\'
