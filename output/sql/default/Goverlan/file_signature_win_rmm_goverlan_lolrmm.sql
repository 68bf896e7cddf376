SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%EASYVISTA SAS%' ESCAPE '\'
