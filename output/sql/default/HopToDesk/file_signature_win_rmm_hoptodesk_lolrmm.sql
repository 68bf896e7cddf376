SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Begonia Holdings LLC%' ESCAPE '\'
