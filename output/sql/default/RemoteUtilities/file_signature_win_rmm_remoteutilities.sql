SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Remote Utilities%' ESCAPE '\'
