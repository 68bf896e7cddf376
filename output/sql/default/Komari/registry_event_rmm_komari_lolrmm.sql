SELECT * FROM DeviceRegistryEvents WHERE RegistryKey ILIKE '%\\System\\ControlSet001\\Services\\komari-agent%' ESCAPE '\'
