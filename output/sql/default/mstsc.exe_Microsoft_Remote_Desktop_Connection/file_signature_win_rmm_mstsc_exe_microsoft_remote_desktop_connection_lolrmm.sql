SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Power Software Limited%' ESCAPE '\'
