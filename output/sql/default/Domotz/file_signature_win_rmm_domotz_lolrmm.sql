SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Domotz Inc%' ESCAPE '\' OR Signer ILIKE '%DOMOTZ INC.%' ESCAPE '\'
