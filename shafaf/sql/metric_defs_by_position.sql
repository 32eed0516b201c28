-- The metrics declared in package.yaml, in their declared order.
SELECT metric, label, unit, aggregate, weight, headline FROM metric_defs ORDER BY position
