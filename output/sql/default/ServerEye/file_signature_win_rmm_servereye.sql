SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Krämer IT Solutions GmbH%' ESCAPE '\'
