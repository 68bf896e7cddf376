SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Royal Apps GmbH%' ESCAPE '\'
