SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%parsec.app%' ESCAPE '\' OR RemoteUrl ILIKE '%parsec.gg%' ESCAPE '\'
