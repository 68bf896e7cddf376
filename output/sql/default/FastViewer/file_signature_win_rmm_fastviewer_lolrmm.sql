SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%FastViewer GmbH%' ESCAPE '\'
