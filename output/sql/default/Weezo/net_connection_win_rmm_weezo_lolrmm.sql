SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%weezo.en.softonic.com%' ESCAPE '\' OR RemoteUrl ILIKE '%weezo.me%' ESCAPE '\' OR RemoteUrl ILIKE '%weezo.net%' ESCAPE '\'
