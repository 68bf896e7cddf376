SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Bitvise Limited%' ESCAPE '\'
