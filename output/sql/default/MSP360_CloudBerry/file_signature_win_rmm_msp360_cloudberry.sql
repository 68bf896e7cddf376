SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%MSPBytes%' ESCAPE '\' OR Signer ILIKE '%Trichilia Consultants%' ESCAPE '\'
