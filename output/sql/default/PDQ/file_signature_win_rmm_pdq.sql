SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%PDQ.com%' ESCAPE '\'
