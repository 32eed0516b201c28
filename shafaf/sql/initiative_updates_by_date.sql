-- The public status updates of one initiative, newest first.
SELECT u.update_id, u.initiative_id, u.date, u.title, u.body
FROM updates u
WHERE u.initiative_id = $initiative_id
ORDER BY u.date DESC, u.update_id
LIMIT $limit
