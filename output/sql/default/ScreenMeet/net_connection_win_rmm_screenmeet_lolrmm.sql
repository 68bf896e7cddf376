SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%scrn.mt%' ESCAPE '\'
