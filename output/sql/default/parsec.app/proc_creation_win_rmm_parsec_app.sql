SELECT * FROM DeviceProcessEvents WHERE ProcessVersionInfoCompanyName ILIKE '%Parsec%' ESCAPE '\' AND ProcessVersionInfoProductName ILIKE '%Parsec%' ESCAPE '\'
