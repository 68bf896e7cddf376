SELECT * FROM DeviceProcessEvents WHERE ProcessVersionInfoCompanyName ILIKE '%Servably, Inc.%' ESCAPE '\' AND ProcessVersionInfoProductName ILIKE '%Syncro%' ESCAPE '\'
