SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Rocket Software, Inc.%' ESCAPE '\'
