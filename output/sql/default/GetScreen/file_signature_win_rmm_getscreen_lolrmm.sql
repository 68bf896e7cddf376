SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Kopetra Ltd.%' ESCAPE '\'
