SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Advanced Technologies LLC%' ESCAPE '\'
