SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%devtunnels.ms%' ESCAPE '\' OR RemoteUrl ILIKE '%rel.tunnels.api.visualstudio.com%' ESCAPE '\'
