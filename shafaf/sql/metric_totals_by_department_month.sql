-- Row aggregates per department, metric and month over the rows in scope: initiatives in R, regions in
-- subtree(R) (strict descendants from metric_rollup, R's own rows from metrics), the given metrics, months
-- from $since. shafaf.metrics.grouped_metric_values turns them into values.
-- (region_reports lists the regions with rows of their own: for the others DuckDB skips the metrics scan)
WITH parts AS (
    SELECT x.initiative_id, x.metric, x.month, x.sum_value, x.row_count, x.weighted_sum, x.weight_sum, x.estimated_count, x.provisional_count
    FROM metric_rollup x
    WHERE x.region_id = $region_id
      AND x.initiative_id IN (SELECT unnest($initiative_ids))
      AND x.metric IN (SELECT unnest($metrics))
      AND x.month >= $since
    UNION ALL
    SELECT m.initiative_id, m.metric, m.month, m.value, 1, m.value * coalesce(m.weight_value, 0),
           coalesce(m.weight_value, 0), (m.obs_status = 'E')::INTEGER, (m.obs_status = 'P')::INTEGER
    FROM metrics m
    WHERE m.region_id = $region_id
      AND m.region_id IN (SELECT region_id FROM region_reports WHERE region_id = $region_id)
      AND m.initiative_id IN (SELECT unnest($initiative_ids))
      AND m.metric IN (SELECT unnest($metrics))
      AND m.month >= $since
)
SELECT i.department_id,
       s.metric,
       s.month,
       sum(s.sum_value) AS sum_value,
       sum(s.row_count)::BIGINT AS row_count,
       sum(s.weighted_sum) AS weighted_sum,
       sum(s.weight_sum) AS weight_sum,
       sum(s.estimated_count)::BIGINT AS estimated_count,
       sum(s.provisional_count)::BIGINT AS provisional_count
FROM parts s
JOIN initiatives i ON i.initiative_id = s.initiative_id
GROUP BY i.department_id, s.metric, s.month
ORDER BY i.department_id, s.metric, s.month
