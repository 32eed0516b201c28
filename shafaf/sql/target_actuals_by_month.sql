-- Row aggregates per target series and month: the metric rows of the series' initiative over
-- subtree(target area) (the root's subtree when the target has no region): the area's strict descendants
-- from metric_rollup plus its own rows from metrics. shafaf.metrics.metric_values turns them into values
-- (sum, mean or weighted mean), exactly as for any other metric value.
-- (region_reports lists the regions with rows of their own: for the others DuckDB skips the metrics scan)
WITH series AS (
    SELECT DISTINCT t.initiative_id,
           t.region_id AS target_region_id,
           coalesce(t.region_id, (SELECT r.region_id FROM regions r WHERE r.parent_id IS NULL)) AS area_id,
           t.metric
    FROM targets t
    WHERE t.initiative_id IN (SELECT unnest($initiative_ids))
),
parts AS (
    SELECT x.region_id, x.initiative_id, x.metric, x.month, x.sum_value, x.row_count, x.weighted_sum, x.weight_sum, x.estimated_count, x.provisional_count
    FROM metric_rollup x
    WHERE x.region_id IN (SELECT area_id FROM series)
      AND x.initiative_id IN (SELECT unnest($initiative_ids))
    UNION ALL
    SELECT m.region_id, m.initiative_id, m.metric, m.month, m.value, 1,
           m.value * coalesce(m.weight_value, 0), coalesce(m.weight_value, 0), (m.obs_status = 'E')::INTEGER, (m.obs_status = 'P')::INTEGER
    FROM metrics m
    WHERE m.region_id IN (SELECT region_id FROM region_reports WHERE region_id IN (SELECT area_id FROM series))
      AND m.initiative_id IN (SELECT unnest($initiative_ids))
)
SELECT s.initiative_id,
       s.target_region_id,
       p.metric,
       p.month,
       sum(p.sum_value) AS sum_value,
       sum(p.row_count)::BIGINT AS row_count,
       sum(p.weighted_sum) AS weighted_sum,
       sum(p.weight_sum) AS weight_sum,
       sum(p.estimated_count)::BIGINT AS estimated_count,
       sum(p.provisional_count)::BIGINT AS provisional_count
FROM series s
JOIN parts p ON p.region_id = s.area_id AND p.initiative_id = s.initiative_id AND p.metric = s.metric
GROUP BY s.initiative_id, s.target_region_id, p.metric, p.month
ORDER BY s.initiative_id, s.target_region_id NULLS FIRST, p.metric, p.month
