SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%crossloop.com%' ESCAPE '\' OR RemoteUrl ILIKE '%crossloop.en.softonic.com%' ESCAPE '\'
