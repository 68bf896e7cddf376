SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%glavsoft%' ESCAPE '\'
