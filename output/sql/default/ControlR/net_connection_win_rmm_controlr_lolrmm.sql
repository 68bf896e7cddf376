SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%demo.controlr.app%' ESCAPE '\'
