SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Impero Solutions Limited%' ESCAPE '\' OR Signer ILIKE '%NETOP TECH SRL%' ESCAPE '\'
