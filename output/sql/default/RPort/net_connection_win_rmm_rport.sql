SELECT * FROM DeviceNetworkEvents WHERE InitiatingProcessVersionInfoCompanyName ILIKE '%RealVNC%' ESCAPE '\' AND InitiatingProcessVersionInfoProductName ILIKE '%rport%' ESCAPE '\'
