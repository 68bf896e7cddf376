SELECT * FROM DeviceProcessEvents WHERE ProcessVersionInfoCompanyName ILIKE '%BeyondTrust%' ESCAPE '\' OR ProcessVersionInfoCompanyName ILIKE '%Bomgar%' ESCAPE '\'
