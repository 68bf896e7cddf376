SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Devolutions Inc%' ESCAPE '\'
