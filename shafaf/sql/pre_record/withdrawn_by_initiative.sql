-- withdrawn_by_initiative for snapshots published before contract v1.1: nothing was recorded as withdrawn.
SELECT NULL::VARCHAR AS table_name, NULL::VARCHAR AS row_key, NULL::VARCHAR AS initiative_id,
       NULL::VARCHAR AS region_id, NULL::VARCHAR AS title, NULL::DATE AS planned_date,
       NULL::VARCHAR AS milestone_class, NULL::BOOLEAN AS blocked, NULL::INTEGER AS days_late,
       NULL::VARCHAR AS reason, NULL::VARCHAR AS row_json, NULL::VARCHAR AS snapshot_id,
       NULL::TIMESTAMP AS published_at, NULL::DATE AS as_of, NULL::DATE[] AS planned_dates
WHERE false
