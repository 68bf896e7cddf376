SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Nanosystems S.R.L.%' ESCAPE '\'
