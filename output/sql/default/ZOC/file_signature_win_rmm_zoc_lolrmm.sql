SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Markus Schmidt%' ESCAPE '\'
