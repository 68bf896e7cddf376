SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\AcronisCyberProtectConnectQuickAssist%' ESCAPE '\' OR FolderPath ILIKE '%\\AcronisCyberProtectConnectAgent.exe' ESCAPE '\'
