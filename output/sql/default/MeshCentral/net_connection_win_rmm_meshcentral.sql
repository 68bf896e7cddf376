SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%meshcentral.com%' ESCAPE '\' AND InitiatingProcessVersionInfoCompanyName ILIKE '%meshcentral%' ESCAPE '\'
