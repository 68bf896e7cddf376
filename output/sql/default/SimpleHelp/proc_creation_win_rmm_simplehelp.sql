SELECT * FROM DeviceProcessEvents WHERE ProcessVersionInfoCompanyName ILIKE '%SimpleHelp%' ESCAPE '\' AND ProcessVersionInfoProductName ILIKE '%SimpleHelp%' ESCAPE '\'
