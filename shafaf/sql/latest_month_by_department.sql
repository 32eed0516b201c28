-- Freshness: the newest month each department reported any metric for, and how many of its services report.
-- Every row is in the root's subtree: the root's roll-up (its strict descendants) plus the root's own rows.
-- (region_reports lists the regions with rows of their own: for the others DuckDB skips the metrics scan)
WITH root AS (
    SELECT region_id FROM regions WHERE parent_id IS NULL
),
parts AS (
    SELECT x.initiative_id, x.month FROM metric_rollup x WHERE x.region_id IN (SELECT region_id FROM root)
    UNION ALL
    SELECT m.initiative_id, m.month FROM metrics m
    WHERE m.region_id IN (SELECT region_id FROM region_reports WHERE region_id IN (SELECT region_id FROM root))
)
SELECT i.department_id,
       max(s.month) AS latest_month,
       count(DISTINCT s.initiative_id) AS reporting_initiatives_count
FROM parts s
JOIN initiatives i ON i.initiative_id = s.initiative_id
GROUP BY i.department_id
ORDER BY i.department_id
