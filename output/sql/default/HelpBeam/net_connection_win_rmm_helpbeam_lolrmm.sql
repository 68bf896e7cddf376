SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%helpbeam.software.informer.com%' ESCAPE '\'
