SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%hs2n Informationstechnologie GmbH%' ESCAPE '\'
