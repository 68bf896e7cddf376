SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%The Anti-Cloud Corporation%' ESCAPE '\'
