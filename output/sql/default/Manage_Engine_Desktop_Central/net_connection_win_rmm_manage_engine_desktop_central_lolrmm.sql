SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%desktopcentral.manageengine.cn%' ESCAPE '\' OR RemoteUrl ILIKE '%dms.zoho.com%' ESCAPE '\'
