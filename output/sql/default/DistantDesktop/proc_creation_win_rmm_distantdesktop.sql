SELECT * FROM DeviceProcessEvents WHERE ProcessVersionInfoCompanyName ILIKE '%Distant Software%' ESCAPE '\' AND ProcessVersionInfoProductName ILIKE '%Distant Desktop%' ESCAPE '\'
