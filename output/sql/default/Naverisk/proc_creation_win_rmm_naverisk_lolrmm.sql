SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\AgentSetup-%' ESCAPE '\'
