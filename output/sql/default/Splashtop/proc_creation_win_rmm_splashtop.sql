SELECT * FROM DeviceProcessEvents WHERE ProcessVersionInfoCompanyName ILIKE '%Splashtop%' ESCAPE '\' AND ProcessVersionInfoProductName ILIKE '%Splashtop%' ESCAPE '\'
