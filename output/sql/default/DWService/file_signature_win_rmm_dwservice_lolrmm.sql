SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%DWSNET srl%' ESCAPE '\'
