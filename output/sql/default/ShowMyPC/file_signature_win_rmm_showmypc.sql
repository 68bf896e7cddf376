SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%ShowMyPC%' ESCAPE '\'
