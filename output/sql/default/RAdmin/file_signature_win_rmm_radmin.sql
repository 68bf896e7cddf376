SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%famatech%' ESCAPE '\'
