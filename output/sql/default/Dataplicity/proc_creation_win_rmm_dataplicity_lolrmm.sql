SELECT * FROM DeviceProcessEvents WHERE ProcessVersionInfoOriginalFileName ILIKE 'dataplicity' ESCAPE '\'
