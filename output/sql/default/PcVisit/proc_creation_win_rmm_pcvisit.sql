SELECT * FROM DeviceProcessEvents WHERE ProcessVersionInfoCompanyName ILIKE '%pcvisit software ag%' ESCAPE '\' AND ProcessVersionInfoProductName ILIKE '%pcvisit%' ESCAPE '\'
