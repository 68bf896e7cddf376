SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%analytics.insight.rapid7.com%' ESCAPE '\' OR RemoteUrl ILIKE '%endpoint.ingress.rapid7.com%' ESCAPE '\'
