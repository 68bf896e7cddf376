SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Quest Software Inc.%' ESCAPE '\'
