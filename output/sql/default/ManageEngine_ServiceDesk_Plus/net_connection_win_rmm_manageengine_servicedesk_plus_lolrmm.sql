SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%manageengine.com%' ESCAPE '\'
