SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Duplicati Inc.%' ESCAPE '\'
