SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%tailscale.com%' ESCAPE '\' OR RemoteUrl ILIKE '%tailscale.io%' ESCAPE '\'
