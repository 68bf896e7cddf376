SELECT * FROM DeviceRegistryEvents WHERE RegistryKey ILIKE '%\\SOFTWARE\\Veyon Solutions%' ESCAPE '\' OR RegistryKey ILIKE '%\\SYSTEM\\ControlSet001\\Services\\VeyonService%' ESCAPE '\'
