SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Softinventive Lab%' ESCAPE '\'
