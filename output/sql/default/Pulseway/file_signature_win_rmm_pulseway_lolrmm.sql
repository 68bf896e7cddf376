SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Kaseya Holdings Inc.%' ESCAPE '\'
