-- Every initiative (digital solution).
SELECT initiative_id, name, department_id, function, summary, status, start_date, target_date,
       budget, website, open_source
FROM initiatives ORDER BY initiative_id
