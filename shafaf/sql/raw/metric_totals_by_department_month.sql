-- Row aggregates per department, metric and month over the rows in scope: initiatives in R, regions in
-- subtree(R), the given metrics, months from $since. shafaf.metrics.grouped_metric_values turns them into values.
SELECT i.department_id,
       m.metric,
       m.month,
       sum(m.value) AS sum_value,
       count(*) AS row_count,
       sum(m.value * coalesce(m.weight_value, 0)) AS weighted_sum,
       sum(coalesce(m.weight_value, 0)) AS weight_sum,
       count(*) FILTER (WHERE m.obs_status = 'E') AS estimated_count,
       count(*) FILTER (WHERE m.obs_status = 'P') AS provisional_count
FROM metrics m
JOIN region_closure c ON c.region_id = m.region_id AND c.ancestor_id = $region_id
JOIN initiatives i ON i.initiative_id = m.initiative_id
WHERE m.initiative_id IN (SELECT unnest($initiative_ids))
  AND m.metric IN (SELECT unnest($metrics))
  AND m.month >= $since
GROUP BY i.department_id, m.metric, m.month
ORDER BY i.department_id, m.metric, m.month
