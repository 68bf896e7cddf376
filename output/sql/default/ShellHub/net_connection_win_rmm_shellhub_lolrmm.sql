SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%shellhub.io%' ESCAPE '\'
