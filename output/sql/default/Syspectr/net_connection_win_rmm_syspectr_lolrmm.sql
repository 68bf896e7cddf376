SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%syspectr.com%' ESCAPE '\'
