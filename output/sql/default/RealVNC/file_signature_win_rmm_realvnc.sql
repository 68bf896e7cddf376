SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%realvnc%' ESCAPE '\'
