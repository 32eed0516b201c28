-- Usage reporting in one region: per initiative, the newest month with any metric row in subtree($region_id)
-- and how many metrics it reported there.
SELECT m.initiative_id,
       max(m.month) AS latest_month,
       count(DISTINCT m.metric) AS metric_count
FROM metrics m
JOIN region_closure c ON c.region_id = m.region_id AND c.ancestor_id = $region_id
GROUP BY m.initiative_id
ORDER BY m.initiative_id
