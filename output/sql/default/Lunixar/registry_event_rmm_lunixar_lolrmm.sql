SELECT * FROM DeviceRegistryEvents WHERE RegistryKey ILIKE '%\\System\\CurrentControlSet\\Services\\LunixarRMM%' ESCAPE '\'
