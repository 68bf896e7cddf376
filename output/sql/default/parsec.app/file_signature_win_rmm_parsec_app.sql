SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Parsec Cloud%' ESCAPE '\'
