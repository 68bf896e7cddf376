SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Phase Five Systems LLC%' ESCAPE '\' OR Signer ILIKE '%PhaseFive Systems LLC%' ESCAPE '\'
