SELECT * FROM DeviceProcessEvents WHERE ProcessVersionInfoCompanyName ILIKE '%Action1%' ESCAPE '\' AND ProcessVersionInfoProductName ILIKE '%Action1%' ESCAPE '\'
