SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\tailscale-%' ESCAPE '\' OR (FolderPath ILIKE '%\\tailscale-ipn.exe' ESCAPE '\' OR FolderPath ILIKE '%\\tailscaled.exe' ESCAPE '\')
