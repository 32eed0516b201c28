"""Citizens' feedback on each service: what they said, its moderation, the department's reply.

Live data, kept outside the immutable snapshots: model (pure rules and validation), store (SQLite or
PostgreSQL), view (the public and moderation view models, pure). See docs/feedback.md.
"""
