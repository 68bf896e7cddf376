SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\helpu\_install.exe' ESCAPE '\' OR FolderPath ILIKE '%\\HelpuManager.exe' ESCAPE '\' OR FolderPath ILIKE '%\\HelpuUpdater.exe' ESCAPE '\'
