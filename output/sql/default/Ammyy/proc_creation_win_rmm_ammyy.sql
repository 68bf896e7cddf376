SELECT * FROM DeviceProcessEvents WHERE ProcessVersionInfoCompanyName ILIKE '%Ammyy%' ESCAPE '\' AND ProcessVersionInfoProductName ILIKE '%Ammyy Admin%' ESCAPE '\'
