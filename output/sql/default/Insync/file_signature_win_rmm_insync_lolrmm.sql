SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Druva Data Solutions Pvt. Ltd%' ESCAPE '\' OR Signer ILIKE '%Druva Inc%' ESCAPE '\'
