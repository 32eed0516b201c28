-- Every milestone with its effective baseline (baseline_date, else the earliest plan ever published).
SELECT milestone_id, initiative_id, title, region_id, planned_date, baseline_date, effective_baseline_date,
       actual_date, status, note
FROM milestones ORDER BY milestone_id
