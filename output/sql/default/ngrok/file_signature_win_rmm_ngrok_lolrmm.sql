SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Ngrok, Inc.%' ESCAPE '\'
