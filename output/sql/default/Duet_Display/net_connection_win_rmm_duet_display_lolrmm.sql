SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%duetdisplay.com%' ESCAPE '\' OR RemoteUrl ILIKE '%itagent.com%' ESCAPE '\'
