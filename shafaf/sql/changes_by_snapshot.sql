-- What the publish of snapshot $snapshot_id changed, withdrawals and re-plans first: rows withdrawn (their
-- last plan and days late), re-plans, rows back on the record, status and stage changes, funding lines that
-- changed (old and new as_of), other rows removed (metric rows counted per service); each with its reason.
SELECT kind, entity, entity_id, initiative_id, title, old_value, new_value, reason, row_json
FROM (
    SELECT 1 AS rank, 'withdrawn' AS kind, table_name AS entity, row_key AS entity_id, initiative_id, title,
           strftime(planned_date, '%Y-%m-%d') AS old_value, CAST(days_late AS VARCHAR) AS new_value, reason, row_json
    FROM history_withdrawals WHERE snapshot_id = $snapshot_id AND event = 'withdrawn'
    UNION ALL
    SELECT 2, 'replan', 'milestone', milestone_id, initiative_id, NULL,
           strftime(old_planned_date, '%Y-%m-%d'), strftime(new_planned_date, '%Y-%m-%d'), reason, NULL
    FROM history_replans WHERE snapshot_id = $snapshot_id
    UNION ALL
    SELECT 3, 'returned', table_name, row_key, initiative_id, title, NULL, NULL, NULL, row_json
    FROM history_withdrawals WHERE snapshot_id = $snapshot_id AND event = 'returned'
    UNION ALL
    SELECT 4, 'status', entity, entity_id, initiative_id, NULL, old_status, new_status, reason, NULL
    FROM history_status_changes WHERE snapshot_id = $snapshot_id
    UNION ALL
    SELECT 5, 'funding', 'funding', initiative_id || '|' || funder || '|' || currency, initiative_id, funder,
           strftime(old_as_of, '%Y-%m-%d'), strftime(new_as_of, '%Y-%m-%d'), NULL, NULL
    FROM history_funding_changes WHERE snapshot_id = $snapshot_id
    UNION ALL
    SELECT 6, 'removed', table_name, row_key, json_extract_string(row_json, '$.initiative_id'),
           coalesce(json_extract_string(row_json, '$.name'), json_extract_string(row_json, '$.title')),
           NULL, NULL, NULL, row_json
    FROM history_removed
    WHERE snapshot_id = $snapshot_id AND table_name NOT IN ('milestones', 'rollouts', 'targets', 'funding', 'metrics')
    UNION ALL
    SELECT 7, 'metrics_removed', 'metrics', json_extract_string(row_json, '$.initiative_id'),
           json_extract_string(row_json, '$.initiative_id'), NULL, NULL, CAST(count(*) AS VARCHAR), NULL, NULL
    FROM history_removed WHERE snapshot_id = $snapshot_id AND table_name = 'metrics'
    GROUP BY ALL
) c
ORDER BY rank, entity, entity_id
