SELECT * FROM DeviceProcessEvents WHERE ProcessVersionInfoCompanyName ILIKE '%AOMEI%' ESCAPE '\' AND ProcessVersionInfoProductName ILIKE '%AnyViewer%' ESCAPE '\'
