SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%netsupport%' ESCAPE '\'
