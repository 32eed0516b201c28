-- The metrics declared in package.yaml, in their declared order.
SELECT metric, label, unit, aggregate, weight, headline, provenance FROM metric_defs ORDER BY position
