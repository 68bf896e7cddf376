SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%01com.com%' ESCAPE '\'
