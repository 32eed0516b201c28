-- Which of the named tables this snapshot has (snapshots published before the roll-ups have none of them).
SELECT table_name
FROM duckdb_tables()
WHERE database_name = current_database()
  AND schema_name = 'main'
  AND table_name IN (SELECT unnest($names))
ORDER BY table_name
