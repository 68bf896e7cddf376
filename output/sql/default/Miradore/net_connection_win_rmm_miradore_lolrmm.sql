SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%gerwconline.blob.core.windows.net%' ESCAPE '\' OR RemoteUrl ILIKE '%miradore.com%' ESCAPE '\'
