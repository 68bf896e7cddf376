SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Splashtop%' ESCAPE '\'
