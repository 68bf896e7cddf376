SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%fastviewer.com%' ESCAPE '\'
