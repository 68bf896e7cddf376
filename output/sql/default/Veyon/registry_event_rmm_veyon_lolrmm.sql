SELECT * FROM DeviceRegistryEvents WHERE RegistryKey ILIKE '%\\SOFTWARE\\Veyon Solutions%' ESCAPE '\' OR RegistryKey ILIKE '%\\SYSTEM\\CurrentControlSet\\Services\\VeyonService%' ESCAPE '\'
