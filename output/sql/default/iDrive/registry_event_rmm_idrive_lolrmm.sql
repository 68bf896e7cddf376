SELECT * FROM DeviceRegistryEvents WHERE RegistryKey ILIKE '%\\SOFTWARE\\IDrive\\%' ESCAPE '\'
