SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%NinjaRMM%' ESCAPE '\'
