-- The snapshot's metadata: one JSON-encoded value per key.
SELECT key, value FROM meta ORDER BY key
