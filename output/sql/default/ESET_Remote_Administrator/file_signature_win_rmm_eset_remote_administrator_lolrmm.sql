SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%ESET, spol. s r.o.%' ESCAPE '\'
