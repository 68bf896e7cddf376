SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Christopher West%' ESCAPE '\'
