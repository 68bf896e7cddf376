SELECT * FROM DeviceFileEvents WHERE FolderPath ILIKE '%\\Program Files\\Mesh Agent\\MeshAgent.exe' ESCAPE '\' OR FolderPath ILIKE '%\\Program Files\\Mesh Agent\\MeshAgent.msh' ESCAPE '\'
