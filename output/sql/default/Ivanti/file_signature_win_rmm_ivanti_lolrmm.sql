SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Ivanti, Inc.%' ESCAPE '\' OR Signer ILIKE '%LANDesk Software, Inc.%' ESCAPE '\'
