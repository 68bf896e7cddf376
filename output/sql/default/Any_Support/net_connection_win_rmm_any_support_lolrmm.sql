SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%anysupport.net%' ESCAPE '\'
