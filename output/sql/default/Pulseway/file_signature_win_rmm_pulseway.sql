SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%MMSoft Design%' ESCAPE '\'
