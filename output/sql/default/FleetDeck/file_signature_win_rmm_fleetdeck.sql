SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%FleetDeck%' ESCAPE '\'
