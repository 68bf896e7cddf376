SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%rudesktop.ru%' ESCAPE '\'
