SELECT * FROM DeviceProcessEvents WHERE ProcessVersionInfoCompanyName ILIKE '%XMReality%' ESCAPE '\' AND ProcessVersionInfoProductName ILIKE '%XMReality%' ESCAPE '\'
