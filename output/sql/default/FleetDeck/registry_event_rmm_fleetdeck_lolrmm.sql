SELECT * FROM DeviceRegistryEvents WHERE RegistryKey ILIKE '%\\SYSTEM\\CurrentControlSet\\Services\\FleetDeck Agent Service%' ESCAPE '\'
