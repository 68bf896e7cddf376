SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%uvnc bvba%' ESCAPE '\'
