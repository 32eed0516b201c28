-- Every (region, ancestor) pair, each region its own ancestor at distance 0.
SELECT region_id, ancestor_id, distance FROM region_closure ORDER BY region_id, distance
