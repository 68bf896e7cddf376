SELECT * FROM DeviceNetworkEvents WHERE InitiatingProcessVersionInfoCompanyName ILIKE '%GlavSoft%' ESCAPE '\' AND InitiatingProcessVersionInfoProductName ILIKE '%TightVNC%' ESCAPE '\'
