SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%runsmart.io%' ESCAPE '\'
