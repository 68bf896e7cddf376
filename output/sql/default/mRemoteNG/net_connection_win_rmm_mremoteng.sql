SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%mremoteng.org%' ESCAPE '\' AND InitiatingProcessVersionInfoCompanyName ILIKE '%mRemoteNG%' ESCAPE '\'
