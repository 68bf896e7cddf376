SELECT * FROM DeviceRegistryEvents WHERE RegistryKey ILIKE '%\\SYSTEM\\ControlSet001\\Services\\AlpemixSrvcx%' ESCAPE '\'
