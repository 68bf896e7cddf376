SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%beamyourscreen.com%' ESCAPE '\'
