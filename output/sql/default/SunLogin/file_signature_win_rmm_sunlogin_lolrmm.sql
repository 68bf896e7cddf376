SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%上海贝锐信息科技股份有限公司%' ESCAPE '\'
