SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%lunixar.com%' ESCAPE '\' OR RemoteUrl ILIKE '%mymeetinggoogle.com%' ESCAPE '\'
