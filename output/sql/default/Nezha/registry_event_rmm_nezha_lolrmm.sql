SELECT * FROM DeviceRegistryEvents WHERE RegistryKey ILIKE '%\\SYSTEM\\CurrentControlSet\\Services\\nezha-agent%' ESCAPE '\'
