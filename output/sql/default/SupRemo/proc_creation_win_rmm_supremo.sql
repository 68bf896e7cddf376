SELECT * FROM DeviceProcessEvents WHERE ProcessVersionInfoCompanyName ILIKE '%NanoSystems%' ESCAPE '\' AND ProcessVersionInfoProductName ILIKE '%SupRemo%' ESCAPE '\'
