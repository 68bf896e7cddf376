SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Zoho%' ESCAPE '\'
