-- history_by_initiative for snapshots published before contract v1.1: re-plans and status and stage changes
-- (no withdrawals, reasons or funding changes were recorded), in the same columns.
SELECT published_at, as_of, snapshot_id, kind, entity, entity_id, title, old_value, new_value, reason
FROM (
    SELECT 2 AS rank, published_at, as_of, snapshot_id, 'replan' AS kind, 'milestone' AS entity,
           milestone_id AS entity_id, NULL::VARCHAR AS title, strftime(old_planned_date, '%Y-%m-%d') AS old_value,
           strftime(new_planned_date, '%Y-%m-%d') AS new_value, NULL::VARCHAR AS reason
    FROM history_replans WHERE initiative_id = $initiative_id
    UNION ALL
    SELECT 3, published_at, as_of, snapshot_id, CASE WHEN entity = 'rollout' THEN 'stage' ELSE 'status' END,
           entity, entity_id, NULL, old_status, new_status, NULL
    FROM history_status_changes WHERE initiative_id = $initiative_id
) h
ORDER BY published_at DESC, snapshot_id DESC, rank, entity_id
