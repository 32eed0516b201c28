-- Reporting completeness: the leaf regions of subtree($region_id) with at least one row, per metric and
-- month, over the given initiatives, for the newest $months months of data.
WITH recent AS (
    SELECT DISTINCT month FROM metrics ORDER BY month DESC LIMIT $months
)
SELECT m.metric, m.month, m.region_id AS leaf_id
FROM metrics m
JOIN region_closure c ON c.region_id = m.region_id AND c.ancestor_id = $region_id
JOIN regions r ON r.region_id = m.region_id AND r.is_leaf
WHERE m.month IN (SELECT month FROM recent)
  AND m.initiative_id IN (SELECT unnest($initiative_ids))
GROUP BY m.metric, m.month, m.region_id
ORDER BY m.metric, m.month, m.region_id
