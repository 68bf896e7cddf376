SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Mega Limited%' ESCAPE '\'
