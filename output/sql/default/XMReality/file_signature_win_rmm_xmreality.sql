SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%XMReality%' ESCAPE '\'
