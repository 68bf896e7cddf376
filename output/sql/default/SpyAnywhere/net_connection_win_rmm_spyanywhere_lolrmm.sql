SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%spyanywhere.com%' ESCAPE '\' OR RemoteUrl ILIKE '%spytech-web.com%' ESCAPE '\'
