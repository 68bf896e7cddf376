SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%rustdesk.com%' ESCAPE '\' AND InitiatingProcessVersionInfoProductName ILIKE '%rustdesk%' ESCAPE '\'
