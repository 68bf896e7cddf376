SELECT * FROM DeviceProcessEvents WHERE ProcessVersionInfoCompanyName ILIKE '%DucFabulous%' ESCAPE '\' AND ProcessVersionInfoProductName ILIKE '%UltraViewer%' ESCAPE '\'
