SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%DWSNET OÜ%' ESCAPE '\'
