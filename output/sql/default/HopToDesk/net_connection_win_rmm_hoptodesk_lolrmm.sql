SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%hoptodesk.com%' ESCAPE '\'
