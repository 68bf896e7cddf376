SELECT * FROM DeviceProcessEvents WHERE ProcessVersionInfoCompanyName ILIKE '%TeamViewer%' ESCAPE '\' AND ProcessVersionInfoProductName ILIKE '%TeamViewer%' ESCAPE '\'
