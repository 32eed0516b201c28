-- How often each milestone of some initiatives was re-planned, with its plans in publication order.
SELECT h.milestone_id,
       count(*) AS replan_count,
       list(h.old_planned_date ORDER BY h.snapshot_id) AS old_planned_dates,
       list(h.new_planned_date ORDER BY h.snapshot_id) AS new_planned_dates
FROM history_replans h
WHERE h.initiative_id IN (SELECT unnest($initiative_ids))
GROUP BY h.milestone_id
ORDER BY replan_count DESC, h.milestone_id
