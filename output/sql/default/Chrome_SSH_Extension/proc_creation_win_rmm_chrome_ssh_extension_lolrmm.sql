SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\AppData\\Local\\Google\\Chrome\\User Data\\Default\\Extensions\\iodihamcpbpeioajjeobimgagajmlibd\\%' ESCAPE '\'
