SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%ocsinventory-ng.org%' ESCAPE '\'
