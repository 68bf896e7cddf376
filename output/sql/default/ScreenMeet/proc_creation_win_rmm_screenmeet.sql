SELECT * FROM DeviceProcessEvents WHERE ProcessVersionInfoCompanyName ILIKE '%Projector Inc%' ESCAPE '\' AND ProcessVersionInfoProductName ILIKE '%ScreenMeet%' ESCAPE '\'
