SELECT * FROM DeviceRegistryEvents WHERE RegistryKey ILIKE '%\\SYSTEM\\ControlSet001\\Services\\nezha-agent%' ESCAPE '\'
