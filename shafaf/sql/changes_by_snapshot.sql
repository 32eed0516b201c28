-- What a publish changed: re-plans, status changes and removed rows recorded by snapshot $snapshot_id.
SELECT 'replan' AS kind, milestone_id AS entity_id, initiative_id, 'milestone' AS entity,
       strftime(old_planned_date, '%Y-%m-%d') AS old_value, strftime(new_planned_date, '%Y-%m-%d') AS new_value
FROM history_replans WHERE snapshot_id = $snapshot_id
UNION ALL
SELECT 'status', entity_id, initiative_id, entity, old_status, new_status
FROM history_status_changes WHERE snapshot_id = $snapshot_id
UNION ALL
SELECT 'removed', row_key, NULL, table_name, NULL, NULL
FROM history_removed WHERE snapshot_id = $snapshot_id
ORDER BY kind, entity, entity_id
