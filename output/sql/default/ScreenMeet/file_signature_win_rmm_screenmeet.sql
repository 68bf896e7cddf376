SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Projector.is, Inc.%' ESCAPE '\'
