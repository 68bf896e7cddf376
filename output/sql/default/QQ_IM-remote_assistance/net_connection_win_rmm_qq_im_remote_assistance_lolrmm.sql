SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%desktop.qq.com%' ESCAPE '\' OR RemoteUrl ILIKE '%mdt.qq.com%' ESCAPE '\' OR RemoteUrl ILIKE '%qq-messenger.en.softonic.com%' ESCAPE '\'
