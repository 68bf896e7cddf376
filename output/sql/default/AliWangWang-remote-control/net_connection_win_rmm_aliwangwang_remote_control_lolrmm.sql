SELECT * FROM DeviceNetworkEvents WHERE RemoteUrl ILIKE '%wangwang.taobao.com%' ESCAPE '\'
