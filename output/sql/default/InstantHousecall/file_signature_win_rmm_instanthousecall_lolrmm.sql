SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Instant Housecall%' ESCAPE '\'
