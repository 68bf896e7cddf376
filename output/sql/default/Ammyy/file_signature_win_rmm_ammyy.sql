SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Ammyy%' ESCAPE '\'
