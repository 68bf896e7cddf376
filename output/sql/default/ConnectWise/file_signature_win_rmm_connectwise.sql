SELECT * FROM DeviceFileCertificateInfo WHERE Signer ILIKE '%ConnectWise%' ESCAPE '\' OR Signer ILIKE '%CONTINUUM MANAGED%' ESCAPE '\' OR Signer ILIKE '%ScreenConnect%' ESCAPE '\'
