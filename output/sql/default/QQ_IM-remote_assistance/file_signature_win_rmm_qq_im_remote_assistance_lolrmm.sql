SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Tencent Technology (Shenzhen) Company Limited%' ESCAPE '\'
