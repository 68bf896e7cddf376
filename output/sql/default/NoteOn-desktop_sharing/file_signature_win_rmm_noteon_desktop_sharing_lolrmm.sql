SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%NATE Communications Corporation%' ESCAPE '\' OR Signer ILIKE '%SK COMMUNICATIONS CO.,LTD%' ESCAPE '\'
