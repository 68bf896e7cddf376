SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Barracuda Networks%' ESCAPE '\'
