SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%naverisk%' ESCAPE '\' OR Signer ILIKE '%NavMK1 Limited%' ESCAPE '\'
