SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%cloudberrylab.com%' ESCAPE '\' OR RemoteUrl ILIKE '%msp360.com%' ESCAPE '\' OR RemoteUrl ILIKE '%mspbackups.com%' ESCAPE '\'
