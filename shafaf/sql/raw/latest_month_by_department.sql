-- Freshness: the newest month each department reported any metric for, and how many of its services report.
SELECT i.department_id,
       max(m.month) AS latest_month,
       count(DISTINCT m.initiative_id) AS reporting_initiatives_count
FROM metrics m
JOIN initiatives i ON i.initiative_id = m.initiative_id
GROUP BY i.department_id
ORDER BY i.department_id
