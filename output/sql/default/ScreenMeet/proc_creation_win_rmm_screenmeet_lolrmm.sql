SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\ScreenMeet.Support.exe' ESCAPE '\' OR FolderPath ILIKE '%\\ScreenMeetSupport.exe' ESCAPE '\'
