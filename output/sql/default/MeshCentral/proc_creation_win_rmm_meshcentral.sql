SELECT * FROM DeviceProcessEvents WHERE ProcessVersionInfoProductName ILIKE '%meshcentral%' ESCAPE '\'
