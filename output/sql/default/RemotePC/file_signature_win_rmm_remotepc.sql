SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%idrive%' ESCAPE '\'
