SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%ZEROTIER, INC.%' ESCAPE '\'
