-- Row aggregates per region, metric and month, each region over its own scope: the pairs ($region_ids[i],
-- $initiative_ids[i]) say which initiatives count in which region (the initiatives in that region), and a
-- region takes the rows of its subtree (strict descendants from metric_rollup, its own rows from metrics).
-- shafaf.metrics.grouped_metric_values turns them into values.
-- (region_reports lists the regions with rows of their own: for the others DuckDB skips the metrics scan)
WITH pairs AS (
    SELECT unnest($region_ids) AS region_id, unnest($initiative_ids) AS initiative_id
),
parts AS (
    SELECT x.region_id, x.initiative_id, x.metric, x.month, x.sum_value, x.row_count, x.weighted_sum, x.weight_sum, x.estimated_count, x.provisional_count
    FROM metric_rollup x
    WHERE x.metric = $metric
      AND x.region_id IN (SELECT unnest($region_ids))
    UNION ALL
    SELECT m.region_id, m.initiative_id, m.metric, m.month, m.value, 1,
           m.value * coalesce(m.weight_value, 0), coalesce(m.weight_value, 0), (m.obs_status = 'E')::INTEGER, (m.obs_status = 'P')::INTEGER
    FROM metrics m
    WHERE m.metric = $metric
      AND m.region_id IN (SELECT region_id FROM region_reports WHERE region_id IN (SELECT unnest($region_ids)))
)
SELECT p.region_id,
       s.metric,
       s.month,
       sum(s.sum_value) AS sum_value,
       sum(s.row_count)::BIGINT AS row_count,
       sum(s.weighted_sum) AS weighted_sum,
       sum(s.weight_sum) AS weight_sum,
       sum(s.estimated_count)::BIGINT AS estimated_count,
       sum(s.provisional_count)::BIGINT AS provisional_count
FROM parts s
JOIN pairs p ON p.region_id = s.region_id AND p.initiative_id = s.initiative_id
GROUP BY p.region_id, s.metric, s.month
ORDER BY p.region_id, s.metric, s.month
