-- The columns of one table of this snapshot (snapshots published before contract 1.1 lack obs_status and provenance).
SELECT column_name
FROM duckdb_columns()
WHERE database_name = current_database()
  AND schema_name = 'main'
  AND table_name = $table
ORDER BY column_index
