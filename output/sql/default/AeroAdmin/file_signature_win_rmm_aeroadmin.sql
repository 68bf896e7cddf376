SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%AeroAdmin%' ESCAPE '\'
