-- One service's record since the first publication, newest first: re-plans, withdrawals and returns, status
-- and stage changes, funding lines that changed, each with its publication date, as_of and reason.
SELECT published_at, as_of, snapshot_id, kind, entity, entity_id, title, old_value, new_value, reason
FROM (
    SELECT 1 AS rank, published_at, as_of, snapshot_id, event AS kind, table_name AS entity, row_key AS entity_id,
           title, strftime(planned_date, '%Y-%m-%d') AS old_value, CAST(days_late AS VARCHAR) AS new_value, reason
    FROM history_withdrawals WHERE initiative_id = $initiative_id
    UNION ALL
    SELECT 2, published_at, as_of, snapshot_id, 'replan', 'milestone', milestone_id, NULL,
           strftime(old_planned_date, '%Y-%m-%d'), strftime(new_planned_date, '%Y-%m-%d'), reason
    FROM history_replans WHERE initiative_id = $initiative_id
    UNION ALL
    SELECT 3, published_at, as_of, snapshot_id, CASE WHEN entity = 'rollout' THEN 'stage' ELSE 'status' END,
           entity, entity_id, NULL, old_status, new_status, reason
    FROM history_status_changes WHERE initiative_id = $initiative_id
    UNION ALL
    SELECT 4, published_at, as_of, snapshot_id, 'funding', 'funding', funder || '|' || currency, funder,
           strftime(old_as_of, '%Y-%m-%d'), strftime(new_as_of, '%Y-%m-%d'), NULL
    FROM history_funding_changes WHERE initiative_id = $initiative_id
) h
ORDER BY published_at DESC, snapshot_id DESC, rank, entity_id
