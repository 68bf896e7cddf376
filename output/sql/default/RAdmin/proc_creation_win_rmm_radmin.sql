SELECT * FROM DeviceProcessEvents WHERE ProcessVersionInfoCompanyName ILIKE '%famatech%' ESCAPE '\' AND ProcessVersionInfoProductName ILIKE '%radmin%' ESCAPE '\'
