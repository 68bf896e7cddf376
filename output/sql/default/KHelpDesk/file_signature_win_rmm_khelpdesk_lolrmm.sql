SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%KHELPDESK TECHNOLOGY LTDA%' ESCAPE '\' OR Signer ILIKE '%Maicon Luis Ferreira%' ESCAPE '\'
