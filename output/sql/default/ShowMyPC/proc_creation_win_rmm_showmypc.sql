SELECT * FROM DeviceProcessEvents WHERE ProcessVersionInfoCompanyName ILIKE '%ShowMyPC%' ESCAPE '\' AND ProcessVersionInfoProductName ILIKE '%ShowMyPC%' ESCAPE '\'
