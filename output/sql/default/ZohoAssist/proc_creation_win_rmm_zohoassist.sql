SELECT * FROM DeviceProcessEvents WHERE ProcessVersionInfoCompanyName ILIKE '%Zoho%' ESCAPE '\' AND ProcessVersionInfoProductName ILIKE '%Zoho Assist%' ESCAPE '\'
