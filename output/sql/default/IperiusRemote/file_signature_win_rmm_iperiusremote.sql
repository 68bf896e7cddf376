SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Enter Srl%' ESCAPE '\' OR Signer ILIKE '%Enter S.R.L.%' ESCAPE '\'
