SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Comodo Security Solutions%' ESCAPE '\' OR Signer ILIKE '%Comodo Security Solutions, Inc.%' ESCAPE '\'
