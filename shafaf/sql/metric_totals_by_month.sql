-- Row aggregates per metric and month over the rows in scope: initiatives in R, regions in subtree(R).
-- subtree(R) = R's strict descendants (pre-summed in metric_rollup at load) + R's own rows (in metrics).
-- shafaf.metrics.metric_values turns them into values (sum, mean or weighted mean).
-- (region_reports lists the regions with rows of their own: for the others DuckDB skips the metrics scan)
WITH parts AS (
    SELECT x.metric, x.month, x.sum_value, x.row_count, x.weighted_sum, x.weight_sum, x.estimated_count, x.provisional_count
    FROM metric_rollup x
    WHERE x.region_id = $region_id
      AND x.initiative_id IN (SELECT unnest($initiative_ids))
    UNION ALL
    SELECT m.metric, m.month, m.value, 1, m.value * coalesce(m.weight_value, 0), coalesce(m.weight_value, 0), (m.obs_status = 'E')::INTEGER, (m.obs_status = 'P')::INTEGER
    FROM metrics m
    WHERE m.region_id = $region_id
      AND m.region_id IN (SELECT region_id FROM region_reports WHERE region_id = $region_id)
      AND m.initiative_id IN (SELECT unnest($initiative_ids))
)
SELECT metric,
       month,
       sum(sum_value) AS sum_value,
       sum(row_count)::BIGINT AS row_count,
       sum(weighted_sum) AS weighted_sum,
       sum(weight_sum) AS weight_sum,
       sum(estimated_count)::BIGINT AS estimated_count,
       sum(provisional_count)::BIGINT AS provisional_count
FROM parts
GROUP BY metric, month
ORDER BY metric, month
