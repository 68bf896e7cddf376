SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%247ithelp.com%' ESCAPE '\' OR RemoteUrl ILIKE '%hostedrmm.com%' ESCAPE '\'
