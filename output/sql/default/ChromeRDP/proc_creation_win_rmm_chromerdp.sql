SELECT * FROM DeviceProcessEvents WHERE ProcessVersionInfoCompanyName ILIKE '%Google%' ESCAPE '\' AND ProcessVersionInfoProductName ILIKE '%Chrome Remote Desktop%' ESCAPE '\'
