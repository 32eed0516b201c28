-- Every publish so far (carried forward from snapshot to snapshot): who, when, which package, why.
-- All columns: snapshots published before the audit columns existed lack them (filled in by the app).
SELECT *
FROM publishes
ORDER BY snapshot_id DESC
