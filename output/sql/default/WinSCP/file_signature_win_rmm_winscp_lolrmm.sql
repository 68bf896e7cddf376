SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Martin Prikryl%' ESCAPE '\' OR Signer ILIKE '%RARE IDEAS, LLC%' ESCAPE '\'
