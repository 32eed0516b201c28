-- Row aggregates per target series and month: the metric rows of the series' initiative over
-- subtree(target area) (the root's subtree when the target has no region). shafaf.metrics.metric_values
-- turns them into values (sum, mean or weighted mean), exactly as for any other metric value.
WITH series AS (
    SELECT DISTINCT t.initiative_id,
           t.region_id AS target_region_id,
           coalesce(t.region_id, (SELECT r.region_id FROM regions r WHERE r.parent_id IS NULL)) AS area_id,
           t.metric
    FROM targets t
    WHERE t.initiative_id IN (SELECT unnest($initiative_ids))
)
SELECT s.initiative_id,
       s.target_region_id,
       m.metric,
       m.month,
       sum(m.value) AS sum_value,
       count(*) AS row_count,
       sum(m.value * coalesce(m.weight_value, 0)) AS weighted_sum,
       sum(coalesce(m.weight_value, 0)) AS weight_sum,
       count(*) FILTER (WHERE m.obs_status = 'E') AS estimated_count,
       count(*) FILTER (WHERE m.obs_status = 'P') AS provisional_count
FROM series s
JOIN region_closure c ON c.ancestor_id = s.area_id
JOIN metrics m ON m.region_id = c.region_id AND m.initiative_id = s.initiative_id AND m.metric = s.metric
GROUP BY s.initiative_id, s.target_region_id, m.metric, m.month
ORDER BY s.initiative_id, s.target_region_id NULLS FIRST, m.metric, m.month
