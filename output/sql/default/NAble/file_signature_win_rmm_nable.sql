SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%N-Able Technologies%' ESCAPE '\' OR Signer ILIKE '%LogicNow%' ESCAPE '\'
