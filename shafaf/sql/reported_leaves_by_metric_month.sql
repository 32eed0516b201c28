-- Reporting completeness: the leaf regions of subtree($region_id) with at least one row, per metric and
-- month, over the given initiatives, for the newest $months months of data. region_reports has one row per
-- region with rows, metric and month, with a bit per initiative that reported there (rollup_initiatives).
WITH recent AS (
    SELECT DISTINCT month FROM region_reports ORDER BY month DESC LIMIT $months
),
wanted AS (
    SELECT bit_or(i.mask) AS mask FROM rollup_initiatives i WHERE i.initiative_id IN (SELECT unnest($initiative_ids))
)
SELECT rr.metric, rr.month, rr.region_id AS leaf_id
FROM region_reports rr
JOIN region_closure c ON c.region_id = rr.region_id AND c.ancestor_id = $region_id
JOIN regions r ON r.region_id = rr.region_id AND r.is_leaf
WHERE rr.month IN (SELECT month FROM recent)
  AND bit_count(rr.initiatives & (SELECT mask FROM wanted)) > 0
ORDER BY rr.metric, rr.month, rr.region_id
