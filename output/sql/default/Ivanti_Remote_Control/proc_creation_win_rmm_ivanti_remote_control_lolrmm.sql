SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\AgentlessRC.exe' ESCAPE '\' OR FolderPath ILIKE '%\\ArcUI.exe' ESCAPE '\' OR FolderPath ILIKE '%\\IvantiRemoteControl.exe' ESCAPE '\'
