SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Laplink Software%' ESCAPE '\' OR Signer ILIKE '%Laplink Software Inc.%' ESCAPE '\'
