SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%helpU Inc.%' ESCAPE '\'
