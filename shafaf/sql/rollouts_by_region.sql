-- Every rollout row.
SELECT initiative_id, region_id, stage, date FROM rollouts ORDER BY initiative_id, region_id, date
