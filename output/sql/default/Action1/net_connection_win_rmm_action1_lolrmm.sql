SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%a1-backend-packages.s3.amazonaws.com%' ESCAPE '\' OR RemoteUrl ILIKE '%action1.com%' ESCAPE '\'
