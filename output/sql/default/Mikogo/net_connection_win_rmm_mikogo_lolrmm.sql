SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%mikogo.com%' ESCAPE '\' OR RemoteUrl ILIKE '%mikogo4.com%' ESCAPE '\' OR RemoteUrl ILIKE '%real-time-collaboration.com%' ESCAPE '\'
