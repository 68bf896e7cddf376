SELECT * FROM DeviceRegistryEvents WHERE RegistryKey ILIKE '%\\SOFTWARE\\Policies\\Teleport\\TeleportConnect%' ESCAPE '\'
