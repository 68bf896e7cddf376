SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%zabbix.com%' ESCAPE '\'
