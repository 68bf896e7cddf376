SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%深圳市玩物科技有限公司%' ESCAPE '\'
