SELECT * FROM DeviceProcessEvents WHERE FolderPath ILIKE '%\\dataplicity' ESCAPE '\' OR ProcessVersionInfoOriginalFileName ILIKE 'dataplicity' ESCAPE '\'
