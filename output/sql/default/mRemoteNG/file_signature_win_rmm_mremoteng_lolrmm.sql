SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%David Sparer%' ESCAPE '\' OR Signer ILIKE '%Open Source Developer, Dimitrij Gorodeckij%' ESCAPE '\'
