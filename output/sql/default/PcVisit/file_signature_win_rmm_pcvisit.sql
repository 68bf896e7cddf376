SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%pcvisit software ag%' ESCAPE '\'
