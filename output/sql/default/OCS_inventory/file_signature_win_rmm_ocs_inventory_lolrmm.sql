SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%EZ Web Enterprises Inc.%' ESCAPE '\'
