SELECT * FROM DeviceRegistryEvents WHERE RegistryKey ILIKE '%\\SOFTWARE\\GoTo Resolve Unattended\\%' ESCAPE '\'
