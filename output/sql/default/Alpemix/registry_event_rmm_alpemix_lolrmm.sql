SELECT * FROM DeviceRegistryEvents WHERE RegistryKey ILIKE '%\\SYSTEM\\CurrentControlSet\\Services\\AlpemixSrvcx%' ESCAPE '\'
