SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Duc Fabulous%' ESCAPE '\'
