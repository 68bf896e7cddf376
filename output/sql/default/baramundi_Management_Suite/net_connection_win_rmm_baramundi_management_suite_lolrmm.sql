SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%baramundi.com%' ESCAPE '\'
