SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%metaquest.com%' ESCAPE '\' OR RemoteUrl ILIKE '%vector-networks.com%' ESCAPE '\' OR RemoteUrl ILIKE '%vizor.cloud%' ESCAPE '\'
