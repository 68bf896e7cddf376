SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%netsupportsoftware.com%' ESCAPE '\' AND InitiatingProcessVersionInfoCompanyName ILIKE '%netsupport%' ESCAPE '\'
