SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%anydesk software%' ESCAPE '\' OR Signer ILIKE '%philandro software%' ESCAPE '\'
