SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Anyplace Control Software%' ESCAPE '\' OR Signer ILIKE '%Honcharuk Yuriy%' ESCAPE '\' OR Signer ILIKE '%Yurii Honcharuk%' ESCAPE '\'
