-- Every translated name, title and label: (entity, entity_id, field, lang) -> text.
SELECT entity, entity_id, field, lang, text FROM translations ORDER BY entity, entity_id, field, lang
