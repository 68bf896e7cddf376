SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%komari-document.pages.dev%' ESCAPE '\' OR RemoteUrl ILIKE '%www.komari.wiki%' ESCAPE '\'
