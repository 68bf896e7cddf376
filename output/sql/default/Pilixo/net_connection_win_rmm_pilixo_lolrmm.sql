SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%pilixo.com%' ESCAPE '\'
