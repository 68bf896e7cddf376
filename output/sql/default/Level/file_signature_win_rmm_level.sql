SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Level Software, Inc%' ESCAPE '\'
