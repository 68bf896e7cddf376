SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Rapid7 LLC%' ESCAPE '\' OR Signer ILIKE '%rapid7Company%' ESCAPE '\'
