SELECT * FROM DeviceProcessEvents WHERE ProcessVersionInfoCompanyName ILIKE '%getscreen.me%' ESCAPE '\' AND ProcessVersionInfoProductName ILIKE '%getscreen.me%' ESCAPE '\'
