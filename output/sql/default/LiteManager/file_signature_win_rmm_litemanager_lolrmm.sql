SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%IP Ter-Osipov Aleksey Vladimirovich%' ESCAPE '\'
