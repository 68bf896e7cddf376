SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%remotedesktop.com%' ESCAPE '\'
