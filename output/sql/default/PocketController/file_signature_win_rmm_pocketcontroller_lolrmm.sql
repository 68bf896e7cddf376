SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%SOTI Inc.%' ESCAPE '\' OR Signer ILIKE '%Wyse Technology Inc%' ESCAPE '\'
