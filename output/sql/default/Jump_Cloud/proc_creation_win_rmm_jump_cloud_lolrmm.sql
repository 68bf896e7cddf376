SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\JumpCloud%' ESCAPE '\'
