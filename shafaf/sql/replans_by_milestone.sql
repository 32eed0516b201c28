-- Every recorded re-plan (old -> new planned date) of the milestones of one initiative, oldest first.
SELECT h.milestone_id, h.initiative_id, h.old_planned_date, h.new_planned_date, h.snapshot_id, h.as_of
FROM history_replans h
WHERE h.initiative_id = $initiative_id
ORDER BY h.milestone_id, h.snapshot_id
