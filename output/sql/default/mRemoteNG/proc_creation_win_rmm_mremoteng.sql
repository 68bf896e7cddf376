SELECT * FROM DeviceProcessEvents WHERE ProcessVersionInfoProductName ILIKE '%mRemoteNG%' ESCAPE '\'
