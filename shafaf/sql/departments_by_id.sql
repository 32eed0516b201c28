-- Every department and the region of the government that owns it.
SELECT department_id, name, region_id, sector FROM departments ORDER BY department_id
