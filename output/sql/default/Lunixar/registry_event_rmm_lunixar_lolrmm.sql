SELECT * FROM DeviceRegistryEvents WHERE RegistryKey ILIKE '%\\System\\ControlSet001\\Services\\LunixarRMM%' ESCAPE '\'
