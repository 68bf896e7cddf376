SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\zabbix\_agent%' ESCAPE '\'
