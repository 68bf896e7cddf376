SELECT * FROM DeviceNetworkEvents WHERE InitiatingProcessVersionInfoCompanyName ILIKE '%naverisk%' ESCAPE '\' OR InitiatingProcessVersionInfoCompanyName ILIKE '%NavMK1 Limited%' ESCAPE '\'
