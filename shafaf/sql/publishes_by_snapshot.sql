-- Every publish so far (carried forward from snapshot to snapshot): who, when, which package.
SELECT snapshot_id, published_at, as_of, title, publisher, package_name, package_kind, package_sha256,
       row_counts, previous_snapshot_id
FROM publishes
ORDER BY snapshot_id DESC
