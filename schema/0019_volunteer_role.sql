-- The volunteer role (docs/lifecycle.md "Who may do what"): volunteers help citizens prepare and submit dossiers
-- online and see only what they prepared. SQLite cannot change a CHECK constraint in place, so app_user is rebuilt
-- with the same columns and rows. Sessions reference app_user; they are ended by this upgrade (everyone logs in
-- again), which keeps the rebuild free of foreign-key violations.
DELETE FROM session;
CREATE TABLE app_user_v19 (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL
                  CHECK (role IN ('clerk', 'officer', 'agency_head', 'supervisor', 'admin', 'volunteer')),
    agency        TEXT NOT NULL REFERENCES agency (code),
    password_hash TEXT NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at    TEXT NOT NULL
) STRICT;
INSERT INTO app_user_v19 (id, username, display_name, role, agency, password_hash, active, created_at)
    SELECT id, username, display_name, role, agency, password_hash, active, created_at FROM app_user;
DROP TABLE app_user;
ALTER TABLE app_user_v19 RENAME TO app_user;
