SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Datto Inc%' ESCAPE '\'
