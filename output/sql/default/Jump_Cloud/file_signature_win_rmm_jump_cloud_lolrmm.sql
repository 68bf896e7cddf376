SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%JumpCloud Inc%' ESCAPE '\'
