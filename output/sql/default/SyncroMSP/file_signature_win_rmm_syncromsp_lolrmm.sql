SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Servably Inc.%' ESCAPE '\'
