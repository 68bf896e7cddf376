SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%khelpdesk.com.br%' ESCAPE '\'
