SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Absolute Software Corp.%' ESCAPE '\'
