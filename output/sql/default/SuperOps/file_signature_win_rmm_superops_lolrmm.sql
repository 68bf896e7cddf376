SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Superops Inc.%' ESCAPE '\'
