SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%connect.backdrop.cloud%' ESCAPE '\' OR RemoteUrl ILIKE '%imperosoftware.com%' ESCAPE '\' OR RemoteUrl ILIKE '%netop.com%' ESCAPE '\'
