SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Panorama9%' ESCAPE '\'
