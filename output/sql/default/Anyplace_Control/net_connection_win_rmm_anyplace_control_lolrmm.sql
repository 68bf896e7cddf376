SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%anyplace-control.com%' ESCAPE '\'
