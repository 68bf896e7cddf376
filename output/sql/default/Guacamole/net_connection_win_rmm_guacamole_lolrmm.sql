SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%guacamole.apache.org%' ESCAPE '\'
