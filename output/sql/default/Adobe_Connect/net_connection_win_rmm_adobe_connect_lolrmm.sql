SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%adobeconnect.com%' ESCAPE '\'
