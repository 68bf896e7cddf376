SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Bravura Software LLC%' ESCAPE '\'
