-- Row aggregates per region, metric and month, each region over its own scope: the pairs ($region_ids[i],
-- $initiative_ids[i]) say which initiatives count in which region (the initiatives in that region), and a
-- region takes the rows of its subtree. shafaf.metrics.grouped_metric_values turns them into values.
WITH pairs AS (
    SELECT unnest($region_ids) AS region_id, unnest($initiative_ids) AS initiative_id
)
SELECT p.region_id,
       m.metric,
       m.month,
       sum(m.value) AS sum_value,
       count(*) AS row_count,
       sum(m.value * coalesce(m.weight_value, 0)) AS weighted_sum,
       sum(coalesce(m.weight_value, 0)) AS weight_sum,
       count(*) FILTER (WHERE m.obs_status = 'E') AS estimated_count,
       count(*) FILTER (WHERE m.obs_status = 'P') AS provisional_count
FROM metrics m
JOIN region_closure c ON c.region_id = m.region_id
JOIN pairs p ON p.region_id = c.ancestor_id AND p.initiative_id = m.initiative_id
WHERE m.metric = $metric
GROUP BY p.region_id, m.metric, m.month
ORDER BY p.region_id, m.metric, m.month
