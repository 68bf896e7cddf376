SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Tobias Junghans%' ESCAPE '\'
