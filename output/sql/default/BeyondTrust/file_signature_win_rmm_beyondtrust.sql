SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Bomgar Corporation%' ESCAPE '\' OR Signer ILIKE '%BeyondTrust Corporation%' ESCAPE '\' OR Signer ILIKE '%BeyondTrust Software%' ESCAPE '\'
