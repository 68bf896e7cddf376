SELECT * FROM DeviceProcessEvents WHERE ProcessVersionInfoProductName ILIKE '%PDQConnectAgent%' ESCAPE '\' OR FileName ILIKE 'pdq-connect-agent.exe' ESCAPE '\'
