SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%DameWare Development%' ESCAPE '\'
