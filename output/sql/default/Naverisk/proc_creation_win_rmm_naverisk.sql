SELECT * FROM DeviceProcessEvents WHERE ProcessVersionInfoCompanyName ILIKE '%naverisk%' ESCAPE '\' OR ProcessVersionInfoCompanyName ILIKE '%NavMK1 Limited%' ESCAPE '\'
