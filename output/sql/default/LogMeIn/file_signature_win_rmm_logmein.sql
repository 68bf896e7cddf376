SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%LogMeIn%' ESCAPE '\' OR Signer ILIKE '%GoTo, Inc%' ESCAPE '\'
