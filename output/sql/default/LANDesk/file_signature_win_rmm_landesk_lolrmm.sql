SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%LANDesk Software, Inc.%' ESCAPE '\'
