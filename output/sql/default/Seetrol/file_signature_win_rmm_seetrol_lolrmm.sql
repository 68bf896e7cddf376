SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Knowhow Electel Inc.%' ESCAPE '\'
