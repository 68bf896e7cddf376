SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Electronic Team, Inc.%' ESCAPE '\'
