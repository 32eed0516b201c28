-- Usage reporting in one region: per initiative, the newest month with any metric row in subtree($region_id)
-- (strict descendants from metric_rollup, the region's own rows from metrics) and how many metrics it reported there.
-- (region_reports lists the regions with rows of their own: for the others DuckDB skips the metrics scan)
WITH parts AS (
    SELECT x.initiative_id, x.metric, x.month FROM metric_rollup x WHERE x.region_id = $region_id
    UNION ALL
    SELECT m.initiative_id, m.metric, m.month FROM metrics m
    WHERE m.region_id = $region_id
      AND m.region_id IN (SELECT region_id FROM region_reports WHERE region_id = $region_id)
)
SELECT initiative_id,
       max(month) AS latest_month,
       count(DISTINCT metric) AS metric_count
FROM parts
GROUP BY initiative_id
ORDER BY initiative_id
