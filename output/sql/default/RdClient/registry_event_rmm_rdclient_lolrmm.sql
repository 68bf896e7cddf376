SELECT * FROM DeviceRegistryEvents WHERE RegistryKey ILIKE '%\\SOFTWARE\\RdClient%' ESCAPE '\'
