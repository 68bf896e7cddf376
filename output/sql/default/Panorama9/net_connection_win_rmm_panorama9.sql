SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%panorama9.com%' ESCAPE '\' AND InitiatingProcessVersionInfoCompanyName ILIKE '%panorama9%' ESCAPE '\'
