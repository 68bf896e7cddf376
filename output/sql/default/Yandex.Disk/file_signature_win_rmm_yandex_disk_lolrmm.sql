SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%YANDEX LLC%' ESCAPE '\'
