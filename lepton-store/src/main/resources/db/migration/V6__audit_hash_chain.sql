-- Issue 12, item 6: a tamper-evident audit log. Each row carries the SHA-256 of its own fields and
-- of the row before it (prev_hash), so that editing or deleting a row breaks the chain at that row.
-- Both columns stay nullable: rows written before this migration have no hash yet. SQLite has no
-- SHA-256 in SQL, and the schema is one portable script set, so the store chains those rows itself,
-- once, the first time it opens after this migration (AuditLog#chainAfter, called by Store#open).
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;
