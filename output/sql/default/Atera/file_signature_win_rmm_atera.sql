SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Atera Networks%' ESCAPE '\'
