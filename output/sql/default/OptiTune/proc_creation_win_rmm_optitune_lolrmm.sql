SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\OTPowerShell.exe' ESCAPE '\' OR FolderPath ILIKE '%\\OTService.exe' ESCAPE '\'
