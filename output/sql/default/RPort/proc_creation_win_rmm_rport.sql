SELECT * FROM DeviceProcessEvents WHERE ProcessVersionInfoCompanyName ILIKE '%RealVNC%' ESCAPE '\' AND ProcessVersionInfoProductName ILIKE '%rport%' ESCAPE '\'
