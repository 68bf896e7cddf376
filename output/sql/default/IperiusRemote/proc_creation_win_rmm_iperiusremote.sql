SELECT * FROM DeviceProcessEvents WHERE ProcessVersionInfoCompanyName ILIKE '%Enter Srl%' ESCAPE '\' AND ProcessVersionInfoProductName ILIKE '%Iperius Remote%' ESCAPE '\'
