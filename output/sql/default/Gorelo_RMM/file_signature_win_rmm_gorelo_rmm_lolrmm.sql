SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%GORELO TECH, INC.%' ESCAPE '\'
