-- The stage of each initiative at each leaf region (built at load by shafaf.metrics.leaf_stages).
SELECT initiative_id, leaf_id, stage, via_region_id FROM leaf_stages ORDER BY leaf_id, initiative_id
