SELECT * FROM DeviceProcessEvents WHERE ProcessVersionInfoCompanyName ILIKE '%FleetDeck%' ESCAPE '\' AND ProcessVersionInfoProductName ILIKE '%FleetDeck%' ESCAPE '\'
