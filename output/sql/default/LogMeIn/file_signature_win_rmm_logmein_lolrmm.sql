SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%GoTo Technologies USA, LLC%' ESCAPE '\'
