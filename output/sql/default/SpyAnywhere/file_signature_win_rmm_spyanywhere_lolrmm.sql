SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Spytech Software and Design, Inc.%' ESCAPE '\'
