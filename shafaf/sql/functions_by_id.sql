-- The functions a digital service can have (package.yaml functions).
SELECT function_id, label FROM functions ORDER BY function_id
