SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%合肥屏播网络科技有限公司%' ESCAPE '\'
