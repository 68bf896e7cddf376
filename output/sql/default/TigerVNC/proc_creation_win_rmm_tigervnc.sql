SELECT * FROM DeviceProcessEvents WHERE ProcessVersionInfoCompanyName ILIKE '%TigerVNC%' ESCAPE '\' AND ProcessVersionInfoProductName ILIKE '%TigerVNC%' ESCAPE '\'
