SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%NinjaOne LLC%' ESCAPE '\'
