SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%VanDyke Software, Inc.%' ESCAPE '\'
