SELECT * FROM DeviceProcessEvents WHERE ProcessVersionInfoCompanyName ILIKE '%NCH Software%' ESCAPE '\' AND ProcessVersionInfoProductName ILIKE '%DesktopNow%' ESCAPE '\'
