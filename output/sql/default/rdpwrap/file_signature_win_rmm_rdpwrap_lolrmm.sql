SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Wide Vision Trade GmbH%' ESCAPE '\'
