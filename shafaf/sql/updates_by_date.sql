-- The newest public status updates of the given initiatives (programme-wide ones always included).
SELECT update_id, initiative_id, date, title, body
FROM updates
WHERE initiative_id IS NULL OR initiative_id IN (SELECT unnest($initiative_ids))
ORDER BY date DESC, update_id
LIMIT $limit
