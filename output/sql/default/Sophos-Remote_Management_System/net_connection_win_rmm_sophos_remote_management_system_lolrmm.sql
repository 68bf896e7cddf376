SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%sophos.com%' ESCAPE '\' OR RemoteUrl ILIKE '%sophosupd.com%' ESCAPE '\' OR RemoteUrl ILIKE '%sophosupd.net%' ESCAPE '\'
