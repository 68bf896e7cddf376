SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%jumpdesktop.com%' ESCAPE '\' OR RemoteUrl ILIKE '%jumpto.me%' ESCAPE '\'
