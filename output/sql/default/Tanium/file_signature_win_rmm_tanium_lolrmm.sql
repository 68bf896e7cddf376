SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Tanium%' ESCAPE '\' OR Signer ILIKE '%Tanium Inc.%' ESCAPE '\'
