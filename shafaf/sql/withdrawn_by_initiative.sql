-- Every row on the record as withdrawn (left out of a later package, not back since), with a milestone's every
-- planned date in publication order, its class and days late when withdrawn, and the reason.
SELECT w.table_name, w.row_key, w.initiative_id, w.region_id, w.title, w.planned_date, w.milestone_class, w.blocked,
       w.days_late, w.reason, w.row_json, w.snapshot_id, w.published_at, w.as_of,
       (SELECT list(h.planned_date ORDER BY h.first_snapshot_id, h.planned_date) FROM history_plans h
        WHERE w.table_name = 'milestones' AND h.milestone_id = w.row_key) AS planned_dates
FROM withdrawn w
ORDER BY w.initiative_id, w.table_name, w.row_key
