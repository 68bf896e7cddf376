SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%api.jumpcloud.com%' ESCAPE '\' OR RemoteUrl ILIKE '%assist.jumpcloud.com%' ESCAPE '\'
