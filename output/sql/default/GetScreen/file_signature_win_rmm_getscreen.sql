SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Point B Ltd%' ESCAPE '\'
