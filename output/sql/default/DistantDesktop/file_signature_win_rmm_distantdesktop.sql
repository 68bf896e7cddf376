SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%German Gorodokuplya%' ESCAPE '\'
