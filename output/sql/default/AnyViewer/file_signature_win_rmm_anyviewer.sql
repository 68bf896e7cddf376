SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%AOMEI International Network Limited%' ESCAPE '\'
