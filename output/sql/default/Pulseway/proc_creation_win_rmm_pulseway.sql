SELECT * FROM DeviceProcessEvents WHERE ProcessVersionInfoCompanyName ILIKE '%MMSoft Design%' ESCAPE '\' AND ProcessVersionInfoProductName ILIKE '%Pulseway%' ESCAPE '\'
