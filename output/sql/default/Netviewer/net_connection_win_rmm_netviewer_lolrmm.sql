SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%netviewer.com%' ESCAPE '\'
