-- Every region with its level depth and leaf flag.
SELECT region_id, parent_id, level, depth, is_leaf, name, population FROM regions ORDER BY depth, region_id
