SELECT * FROM DeviceProcessEvents WHERE ProcessVersionInfoCompanyName ILIKE '%Remote Utilities%' ESCAPE '\' AND ProcessVersionInfoProductName ILIKE '%Remote Utilities%' ESCAPE '\'
