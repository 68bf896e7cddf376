SELECT * FROM DeviceProcessEvents WHERE ProcessVersionInfoProductName ILIKE '%rustdesk%' ESCAPE '\'
