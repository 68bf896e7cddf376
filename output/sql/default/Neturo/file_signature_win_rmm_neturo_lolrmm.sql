SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%LG Uplus Corp.%' ESCAPE '\'
