SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Action1 Corporation%' ESCAPE '\'
