SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%NCH Software%' ESCAPE '\'
