SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Kaseya%' ESCAPE '\'
