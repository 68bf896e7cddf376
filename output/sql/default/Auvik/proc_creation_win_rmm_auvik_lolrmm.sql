SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\auvik.agent.exe' ESCAPE '\' OR FolderPath ILIKE '%\\auvik.engine.exe' ESCAPE '\'
