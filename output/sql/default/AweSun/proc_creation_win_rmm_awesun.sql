SELECT * FROM DeviceProcessEvents WHERE ProcessVersionInfoCompanyName ILIKE '%AweRay%' ESCAPE '\' AND ProcessVersionInfoProductName ILIKE '%AweSun%' ESCAPE '\'
