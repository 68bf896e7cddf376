SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%Zabbix SIA%' ESCAPE '\'
