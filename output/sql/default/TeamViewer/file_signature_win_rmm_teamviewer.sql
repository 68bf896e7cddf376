SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%TeamViewer%' ESCAPE '\'
