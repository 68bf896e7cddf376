SELECT * FROM DeviceRegistryEvents WHERE RegistryKey ILIKE '%\\System\\CurrentControlSet\\Services\\komari-agent%' ESCAPE '\'
