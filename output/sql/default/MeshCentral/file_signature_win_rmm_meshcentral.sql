SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%meshcentral%' ESCAPE '\'
