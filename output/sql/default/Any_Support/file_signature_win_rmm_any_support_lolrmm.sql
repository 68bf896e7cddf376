SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%KOINO Co., Ltd.%' ESCAPE '\' OR Signer ILIKE '%LinkMeMine Inc.%' ESCAPE '\'
