SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%ISL Online%' ESCAPE '\' OR Signer ILIKE '%XLAB D.O.O.%' ESCAPE '\'
