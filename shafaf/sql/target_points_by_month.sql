-- Target points of the given initiatives: one series per (initiative, target area, metric); an empty
-- target region means the initiative's whole scope.
SELECT t.initiative_id, t.region_id AS target_region_id, t.metric, t.month, t.value
FROM targets t
WHERE t.initiative_id IN (SELECT unnest($initiative_ids))
ORDER BY t.initiative_id, t.region_id NULLS FIRST, t.metric, t.month
