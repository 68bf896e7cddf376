SELECT * FROM DeviceProcessEvents WHERE ProcessVersionInfoCompanyName ILIKE '%panorama9%' ESCAPE '\' OR ProcessVersionInfoProductName ILIKE '%panorama9%' ESCAPE '\'
