SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%AmidaWare%' ESCAPE '\' OR Signer ILIKE '%Tactical Techs%' ESCAPE '\'
