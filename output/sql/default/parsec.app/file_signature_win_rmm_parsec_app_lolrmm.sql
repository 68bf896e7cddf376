SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Unity Technologies SF%' ESCAPE '\'
