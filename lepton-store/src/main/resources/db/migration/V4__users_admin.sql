-- Issue 11, item 20: an admin may disable a user; a disabled user's tokens stop working at once and
-- come back with the user. FALSE is understood by SQLite (3.23+) and PostgreSQL alike.
ALTER TABLE users ADD COLUMN disabled BOOLEAN NOT NULL DEFAULT FALSE;
