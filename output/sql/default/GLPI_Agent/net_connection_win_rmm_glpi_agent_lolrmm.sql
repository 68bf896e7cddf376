SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%glpi-network.com%' ESCAPE '\' OR RemoteUrl ILIKE '%glpi-project.org%' ESCAPE '\'
