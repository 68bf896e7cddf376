SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%remot3.it, Inc.%' ESCAPE '\'
