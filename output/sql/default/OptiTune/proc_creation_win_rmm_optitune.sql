SELECT * FROM DeviceProcessEvents WHERE ProcessVersionInfoCompanyName ILIKE '%Bravura Software LLC%' ESCAPE '\' AND ProcessVersionInfoProductName ILIKE '%OptiTune%' ESCAPE '\'
