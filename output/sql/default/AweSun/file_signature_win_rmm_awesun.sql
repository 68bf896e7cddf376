SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%aweray limited%' ESCAPE '\' OR Signer ILIKE '%aweray pte. ltd.%' ESCAPE '\'
