-- Funding rows of the given initiatives: committed and disbursed per funder, in each row's currency.
SELECT f.initiative_id, f.funder, f.committed, f.disbursed, f.currency, f.as_of
FROM funding f
WHERE f.initiative_id IN (SELECT unnest($initiative_ids))
ORDER BY f.currency, f.initiative_id, f.funder
