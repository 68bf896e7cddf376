SELECT * FROM DeviceNetworkEvents WHERE InitiatingProcessVersionInfoCompanyName ILIKE '%TigerVNC%' ESCAPE '\' AND InitiatingProcessVersionInfoProductName ILIKE '%TigerVNC%' ESCAPE '\'
