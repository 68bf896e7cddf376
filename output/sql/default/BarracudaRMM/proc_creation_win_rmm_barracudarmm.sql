SELECT * FROM DeviceProcessEvents WHERE ProcessVersionInfoCompanyName ILIKE '%Barracuda MSP%' ESCAPE '\' OR ProcessVersionInfoCompanyName ILIKE '%LPI Level Platforms%' ESCAPE '\'
