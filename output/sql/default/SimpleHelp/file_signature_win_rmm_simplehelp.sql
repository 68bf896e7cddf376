SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%SimpleHelp Ltd%' ESCAPE '\'
