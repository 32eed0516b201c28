-- changes_by_snapshot for snapshots published before contract v1.1 (no withdrawals, reasons or funding changes
-- recorded): re-plans, status changes and removed rows, in the same columns.
SELECT kind, entity, entity_id, initiative_id, title, old_value, new_value, reason, row_json
FROM (
    SELECT 2 AS rank, 'replan' AS kind, 'milestone' AS entity, milestone_id AS entity_id, initiative_id,
           NULL::VARCHAR AS title, strftime(old_planned_date, '%Y-%m-%d') AS old_value,
           strftime(new_planned_date, '%Y-%m-%d') AS new_value, NULL::VARCHAR AS reason, NULL::VARCHAR AS row_json
    FROM history_replans WHERE snapshot_id = $snapshot_id
    UNION ALL
    SELECT 4, 'status', entity, entity_id, initiative_id, NULL, old_status, new_status, NULL, NULL
    FROM history_status_changes WHERE snapshot_id = $snapshot_id
    UNION ALL
    SELECT 6, 'removed', table_name, row_key, json_extract_string(row_json, '$.initiative_id'),
           coalesce(json_extract_string(row_json, '$.name'), json_extract_string(row_json, '$.title')),
           NULL, NULL, NULL, row_json
    FROM history_removed WHERE snapshot_id = $snapshot_id AND table_name <> 'metrics'
    UNION ALL
    SELECT 7, 'metrics_removed', 'metrics', json_extract_string(row_json, '$.initiative_id'),
           json_extract_string(row_json, '$.initiative_id'), NULL, NULL, CAST(count(*) AS VARCHAR), NULL, NULL
    FROM history_removed WHERE snapshot_id = $snapshot_id AND table_name = 'metrics'
    GROUP BY ALL
) c
ORDER BY rank, entity, entity_id
