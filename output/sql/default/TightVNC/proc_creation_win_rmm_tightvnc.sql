SELECT * FROM DeviceProcessEvents WHERE ProcessVersionInfoCompanyName ILIKE '%GlavSoft%' ESCAPE '\' AND ProcessVersionInfoProductName ILIKE '%TightVNC%' ESCAPE '\'
