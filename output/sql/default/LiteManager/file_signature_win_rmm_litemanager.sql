SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Yakhnovets Denis Aleksandrovich IP%' ESCAPE '\'
